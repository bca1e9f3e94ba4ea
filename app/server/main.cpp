// dinolens-server: parses arguments, starts dinolens::server::Server and stops it gracefully on SIGINT/SIGTERM.
#include <csignal>
#include <cstdio>
#include <fstream>
#include <pthread.h>

#include <CLI/CLI.hpp>

#include "dinolens/core/blas_kernels.h"
#include "dinolens/inference/model_folders.h"
#include "dinolens/server/server.h"
#include "dinolens/version.h"

namespace {

// The shipped demo model, when it is installed; the server then reports it missing in /v1/models.
std::vector<std::filesystem::path> demoModels()
{
    return { dinolens::inference::demoModelFolder() };
}

bool readToken(const std::string& file, std::string& token)
{
    std::ifstream in(file);
    if (!in || !std::getline(in, token)) {
        return false;
    }
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) {
        token.pop_back();
    }
    return !token.empty();
}

// Runs the server until SIGINT or SIGTERM, then stops it gracefully. Exit code: 0, or 1 when it cannot start.
int serve(dinolens::server::ServerOptions options)
{
    // Signals are taken by sigwait() on this thread only: every thread the server starts inherits the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    auto server = dinolens::server::Server::create(std::move(options));
    if (!server) {
        std::fprintf(stderr, "error: %s\n", server.error().toString().c_str());
        return 1;
    }
    if (auto started = (*server)->start(); !started) {
        std::fprintf(stderr, "error: %s\n", started.error().toString().c_str());
        return 1;
    }
    std::printf("dinolens-server listening on port %d\n", (*server)->port());
    std::fflush(stdout);
    int received = 0;
    sigwait(&signals, &received);
    std::printf("stopping: finishing queued requests\n");
    std::fflush(stdout);
    (*server)->stop();
    (*server)->wait();
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    dinolens::core::selectBlasKernels();
    CLI::App app { "DinoLens REST inference server (HTTP/1.1; see /openapi.json)" };
    app.set_version_flag("--version", "dinolens-server " DINOLENS_VERSION_STRING, "Print the version and exit");
    dinolens::server::ServerOptions options;
    std::vector<std::string> models;
    std::string tokenFile;
    int batchWindowMs = static_cast<int>(options.batchWindow.count());
    int timeoutSeconds = 30;
    int maxBodyMiB = 64;
    bool noBatching = false;
    app.add_option("--host", options.host, "Address to bind (default 127.0.0.1: this machine only)");
    app.add_option("--port", options.port, "TCP port (0: any free port)")->required();
    app.add_option("--model", models, "Training run folder(s), or demo; default: the shipped demo model");
    app.add_option("--token-file", tokenFile, "File whose first line is the bearer token clients must send");
    app.add_option("--max-body-mb", maxBodyMiB, "Largest request body in MiB (413 beyond)");
    app.add_option("--max-image-side", options.maxImageSide, "Largest decoded image side in pixels (413 beyond)");
    app.add_option("--queue", options.queueCapacity, "Queued requests per model (503 beyond)");
    app.add_option("--max-batch", options.maxBatch, "Requests per forward pass");
    app.add_option("--batch-window-ms", batchWindowMs, "How long a request waits for others to batch with");
    app.add_option("--timeout-s", timeoutSeconds, "Per-request time limit in seconds (504 beyond)");
    app.add_option("--threads", options.computeThreads, "Compute threads (0: one per core)");
    app.add_flag("--no-batching", noBatching, "One request per forward pass");
    std::string device = "cpu";
    app.add_option("--device", device, "cpu, or cuda: backbones on the GPU (the heads stay on the CPU)")
        ->check(CLI::IsMember({ "cpu", "cuda" }));
    CLI11_PARSE(app, argc, argv);

    for (const auto& model : models) {
        options.models.emplace_back(model);
    }
    if (options.models.empty()) {
        options.models = demoModels();
    }
    if (!tokenFile.empty() && !readToken(tokenFile, options.token)) {
        std::fprintf(stderr, "error: cannot read a token from %s\n", tokenFile.c_str());
        return 2;
    }
    options.batchWindow = std::chrono::milliseconds(batchWindowMs);
    options.cuda = device == "cuda";
    options.requestTimeout = std::chrono::seconds(timeoutSeconds);
    options.maxBodyBytes = static_cast<std::size_t>(maxBodyMiB) << 20;
    options.batching = !noBatching;

    return serve(std::move(options));
}
