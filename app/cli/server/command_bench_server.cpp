// `dinolens-cli bench server`: an in-process dinolens-server on a loopback port and N concurrent clients for a
// fixed time, once with dynamic batching and once one-at-a-time, in the same run: throughput, p50/p99 latency
// and the batching gain. A benchmark that prints figures, not a test.
#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>
#include <tuple>

#include "cli_output.h"
#include "dinolens/client/client.h"
#include "dinolens/core/data_location.h"
#include "dinolens/inference/backbone.h"
#include "dinolens/inference/preprocess.h"
#include "dinolens/inference/segmentation_predictor.h"
#include "dinolens/server/server.h"
#include "server_commands.h"

namespace dinolens::app {
namespace {

struct BenchOptions {
    std::string model = "demo";
    std::string image;
    int clients = 8;
    double seconds = 10.0;
    int threads = 0;
    int maxBatch = 8;
    int windowMs = 4;
    int rounds = 3;
    std::string device = "cpu";
};

// Requests of one or more timed runs, pooled.
struct Sample {
    std::vector<double> latencies; // ms, successful requests
    double seconds = 0.0;
    long long failures = 0;

    void add(const Sample& other)
    {
        latencies.insert(latencies.end(), other.latencies.begin(), other.latencies.end());
        seconds += other.seconds;
        failures += other.failures;
    }
    double throughput() const { return seconds > 0 ? static_cast<double>(latencies.size()) / seconds : 0.0; }
};

double percentile(std::vector<double> values, double p)
{
    if (values.empty()) {
        return 0.0;
    }
    std::sort(values.begin(), values.end());
    const auto index = static_cast<size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

// `clients` threads sending `bytes` back to back for `seconds`: every successful request's latency in ms.
std::vector<double> runClients(const client::Client& client, const std::string& bytes, int clients, double seconds,
    std::atomic<long long>& failures)
{
    std::vector<std::vector<double>> latencies(static_cast<size_t>(clients));
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            while (std::chrono::steady_clock::now() < end) {
                const auto sent = std::chrono::steady_clock::now();
                const auto result = client.segment(bytes, "image/jpeg");
                const double ms
                    = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - sent).count();
                if (result) {
                    latencies[static_cast<size_t>(c)].push_back(ms);
                } else {
                    ++failures;
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    std::vector<double> all;
    for (const auto& own : latencies) {
        all.insert(all.end(), own.begin(), own.end());
    }
    return all;
}

core::Result<Sample> measure(const BenchOptions& options, const std::string& bytes, bool batching, int clients)
{
    server::ServerOptions serverOptions;
    serverOptions.models = { options.model };
    serverOptions.batching = batching;
    serverOptions.maxBatch = options.maxBatch;
    serverOptions.batchWindow = std::chrono::milliseconds(options.windowMs);
    serverOptions.computeThreads = options.threads;
    serverOptions.cuda = options.device == "cuda";
    serverOptions.queueCapacity = static_cast<size_t>(std::max(64, clients * 2));
    auto server = server::Server::create(serverOptions);
    if (!server) {
        return server.error();
    }
    if (auto started = (*server)->start(); !started) {
        return started.error();
    }
    client::ClientOptions clientOptions;
    clientOptions.url = "http://127.0.0.1:" + std::to_string((*server)->port());
    const client::Client client(clientOptions);
    while (!(*server)->ready()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    // Warm-up at the measured concurrency: the first passes at each batch size allocate LibTorch's buffers.
    for (int round = 0; round < 2; ++round) {
        std::vector<std::thread> warmUp;
        for (int c = 0; c < clients; ++c) {
            warmUp.emplace_back([&] { (void)client.segment(bytes, "image/jpeg"); });
        }
        for (auto& thread : warmUp) {
            thread.join();
        }
    }
    std::atomic<long long> failures { 0 };
    const auto start = std::chrono::steady_clock::now();
    std::vector<double> all = runClients(client, bytes, clients, options.seconds, failures);
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    (*server)->stop();
    (*server)->wait();
    return Sample { all, elapsed, failures.load() };
}

void print(const char* label, int clients, const Sample& sample)
{
    const double p50 = percentile(sample.latencies, 0.5);
    const double p99 = percentile(sample.latencies, 0.99);
    std::printf(
        "%-14s clients %2d: %7.2f req/s  p50 %8.1f ms  p99 %8.1f ms  p99/p50 %.2f  requests %zu  failures %lld\n",
        label, clients, sample.throughput(), p50, p99, p50 > 0 ? p99 / p50 : 0.0, sample.latencies.size(),
        sample.failures);
    std::fflush(stdout);
}

core::Result<std::filesystem::path> benchImage(const std::string& image)
{
    if (!image.empty()) {
        return std::filesystem::path(image);
    }
    const auto folder = core::findData("brain-tumor/valid/images");
    if (!folder) {
        return core::makeError(core::ErrorCode::NotFound, "no --image and no data (DINOLENS_DATA)");
    }
    std::vector<std::filesystem::path> images;
    for (const auto& entry : std::filesystem::directory_iterator(*folder)) {
        images.push_back(entry.path());
    }
    std::sort(images.begin(), images.end());
    return images.front();
}

core::Result<std::string> fileBytes(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return core::makeError(core::ErrorCode::NotFound, "cannot read the image", path.string());
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

// The model's own cost per image in this process (no HTTP, no decoding, no JSON), one slice at a time and in
// batches of --max-batch, alternating: on a CPU a batch costs about its size times one slice, and the ratio
// printed here bounds what dynamic batching can gain on this machine.
core::Status printComputeCeiling(const BenchOptions& options, const std::filesystem::path& path)
{
    auto rgb = inference::loadRgbImage(path);
    if (!rgb) {
        return rgb.error();
    }
    auto predictor = inference::SegmentationPredictor::open(options.model,
        { .threads = options.threads,
            .device = options.device == "cuda" ? inference::ComputeDevice::Cuda : inference::ComputeDevice::Cpu });
    if (!predictor) {
        return predictor.error();
    }
    std::vector<std::uint8_t> grey(static_cast<size_t>(rgb->width * rgb->height));
    for (size_t i = 0; i < grey.size(); ++i) {
        grey[i] = rgb->pixels[3 * i];
    }
    const inference::GreySliceView slice { grey.data(), static_cast<int>(rgb->width), static_cast<int>(rgb->height) };
    const std::vector<inference::GreySliceView> one { slice };
    const std::vector<inference::GreySliceView> batch(static_cast<size_t>(std::max(1, options.maxBatch)), slice);
    auto timeBatch = [&](const std::vector<inference::GreySliceView>& slices) {
        const auto start = std::chrono::steady_clock::now();
        (void)predictor->predictBatch(slices);
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    };
    (void)timeBatch(batch); // warm-up
    std::vector<double> single;
    std::vector<double> batched;
    for (int round = 0; round < 5; ++round) {
        double total = 0.0;
        for (size_t i = 0; i < batch.size(); ++i) {
            total += timeBatch(one);
        }
        single.push_back(total / static_cast<double>(batch.size()));
        batched.push_back(timeBatch(batch) / static_cast<double>(batch.size()));
    }
    const double alone = percentile(single, 0.5);
    const double inBatch = percentile(batched, 0.5);
    std::printf("model compute per image (in process): alone %.1f ms, in batches of %zu %.1f ms: "
                "compute bounds the batching gain at %.2fx here\n",
        alone, batch.size(), inBatch, inBatch > 0 ? alone / inBatch : 0.0);
    return core::okStatus();
}

// Rounds alternate one-at-a-time and batched runs, so that a change in machine load over time hits both alike.
int run(const BenchOptions& options)
{
    if (options.device == "cuda" && !inference::cudaAvailable()) {
        return reportError(core::makeError(core::ErrorCode::InvalidArgument, "CUDA is not available on this machine"));
    }
    auto path = benchImage(options.image);
    if (!path) {
        return reportError(path.error());
    }
    auto bytes = fileBytes(*path);
    if (!bytes) {
        return reportError(bytes.error());
    }
    std::printf("image %s\n", path->string().c_str());
    std::printf("model %s, %d rounds of %.0f s per mode\n", options.model.c_str(), options.rounds, options.seconds);
    Sample single;
    Sample batched;
    Sample moderate;
    const int moderateClients = std::max(1, options.clients / 4);
    for (int round = 0; round < options.rounds; ++round) {
        for (const auto& [target, batching, clients] : { std::tuple { &single, false, options.clients },
                 std::tuple { &batched, true, options.clients }, std::tuple { &moderate, true, moderateClients } }) {
            auto measured = measure(options, *bytes, batching, clients);
            if (!measured) {
                return reportError(measured.error());
            }
            target->add(*measured);
        }
    }
    print("batched", moderateClients, moderate);
    print("one-at-a-time", options.clients, single);
    print("batched", options.clients, batched);
    std::printf("batching gain at %d clients: %.2fx\n", options.clients,
        single.throughput() > 0 ? batched.throughput() / single.throughput() : 0.0);
    if (auto ceiling = printComputeCeiling(options, *path); !ceiling) {
        return reportError(ceiling.error());
    }
    return 0;
}

} // namespace

void registerServerBenchmark(CLI::App& bench, int& exitCode)
{
    auto options = std::make_shared<BenchOptions>();
    CLI::App* command = bench.add_subcommand("server",
        "Loopback clients against an in-process server: "
        "throughput, p50/p99 and the dynamic-batching gain");
    command->add_option("--model", options->model, "Training run folder, or demo (the shipped model)")
        ->capture_default_str();
    command->add_option("--image", options->image, "Image sent by every client (default: first validation JPEG)");
    command->add_option("--clients", options->clients, "Concurrent clients");
    command->add_option("--seconds", options->seconds, "Duration of each run");
    command->add_option("--rounds", options->rounds, "Alternating rounds of every mode");
    command->add_option("--threads", options->threads, "Compute threads (0: one per core)");
    command->add_option("--max-batch", options->maxBatch, "Requests per forward pass");
    command->add_option("--batch-window-ms", options->windowMs, "Batching wait window");
    command->add_option("--device", options->device, "cpu or cuda (backbone on the GPU)")
        ->check(CLI::IsMember({ "cpu", "cuda" }));
    command->callback([options, &exitCode] { exitCode = run(*options); });
}

} // namespace dinolens::app
