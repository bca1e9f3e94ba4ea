// dinolens-server: parses arguments, starts dinolens::server::Server and stops it gracefully on SIGINT/SIGTERM.
#include <csignal>
#include <cstdio>
#include <pthread.h>

#include <CLI/CLI.hpp>

#include "dinolens/core/blas_kernels.h"
#include "dinolens/inference/model_folders.h"
#include "dinolens/server/server.h"
#include "dinolens/server/server_configuration.h"
#include "dinolens/version.h"

namespace {

// The shipped demo model, when it is installed; the server then reports it missing in /v1/models.
std::vector<std::filesystem::path> demoModels()
{
    return { dinolens::inference::demoModelFolder() };
}

// Runs the server until SIGINT or SIGTERM, then stops it gracefully. Exit code: 0, 1 when it cannot start, 2 for
// a configuration error.
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
        return server.error().code == dinolens::core::ErrorCode::InvalidArgument ? 2 : 1;
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
    int ioTimeoutSeconds = static_cast<int>(options.ioTimeout.count());
    int deadlineSeconds = static_cast<int>(options.requestDeadline.count());
    int keepAliveSeconds = static_cast<int>(options.keepAliveTimeout.count());
    int queue = static_cast<int>(options.queueCapacity);
    bool noBatching = false;
    app.add_option("--host", options.host, "Address to bind (default 127.0.0.1: this machine only)");
    app.add_option("--port", options.port, "TCP port (0: any free port)")->required();
    app.add_option("--model", models, "Training run folder(s), or demo; default: the shipped demo model");
    app.add_option("--token-file", tokenFile, "File whose first line is the bearer token clients must send");
    app.add_option("--max-body-mb", maxBodyMiB, "Largest request body in MiB (413 beyond)");
    app.add_option("--max-image-side", options.maxImageSide, "Largest decoded image side in pixels (413 beyond)");
    app.add_option("--queue", queue, "Queued requests per model (503 beyond)");
    app.add_option("--max-connections", options.maxConnections, "Open connections in all (503 beyond)");
    app.add_option(
        "--max-connections-per-client", options.maxConnectionsPerClient, "Open connections per client address");
    app.add_option("--io-timeout-s", ioTimeoutSeconds, "Read/write timeout per socket operation in seconds");
    app.add_option("--request-deadline-s", deadlineSeconds, "Time a whole request may take to arrive (408 beyond)");
    app.add_option("--keep-alive-s", keepAliveSeconds, "Idle keep-alive connections are closed after this");
    app.add_option("--max-batch", options.maxBatch, "Requests per forward pass");
    app.add_option("--batch-window-ms", batchWindowMs, "How long a request waits for others to batch with");
    app.add_option("--timeout-s", timeoutSeconds, "Per-request time limit in seconds (504 beyond)");
    app.add_option("--threads", options.computeThreads, "Compute threads (0: one per core)");
    app.add_flag("--no-batching", noBatching, "One request per forward pass");
    std::string pacsNodes;
    app.add_option("--pacs-nodes", pacsNodes, "PACS node file (JSON) whose nodes /v1/segment/pacs may name");
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
    if (!tokenFile.empty()) {
        auto token = dinolens::server::readTokenFile(tokenFile);
        if (!token) {
            std::fprintf(stderr, "error: %s\n", token.error().toString().c_str());
            return 2;
        }
        options.token = token->token;
        for (const auto& warning : token->warnings) {
            std::fprintf(stderr, "warning: %s\n", warning.c_str());
        }
    }
    for (const auto& [value, name] : { std::pair { maxBodyMiB, "--max-body-mb" }, { queue, "--queue" },
             { timeoutSeconds, "--timeout-s" }, { ioTimeoutSeconds, "--io-timeout-s" },
             { deadlineSeconds, "--request-deadline-s" }, { keepAliveSeconds, "--keep-alive-s" } }) {
        if (value <= 0) {
            std::fprintf(stderr, "error: %s must be positive (got %d)\n", name, value);
            return 2;
        }
    }
    options.batchWindow = std::chrono::milliseconds(batchWindowMs);
    options.cuda = device == "cuda";
    options.requestTimeout = std::chrono::seconds(timeoutSeconds);
    options.ioTimeout = std::chrono::seconds(ioTimeoutSeconds);
    options.requestDeadline = std::chrono::seconds(deadlineSeconds);
    options.keepAliveTimeout = std::chrono::seconds(keepAliveSeconds);
    options.queueCapacity = static_cast<std::size_t>(queue);
    options.maxBodyBytes = static_cast<std::size_t>(maxBodyMiB) << 20;
    options.batching = !noBatching;
    options.pacsNodesFile = pacsNodes;
    if (auto checked = dinolens::server::checkServerOptions(options); !checked) {
        std::fprintf(stderr, "error: %s\n", checked.error().toString().c_str());
        return 2;
    }
    for (const auto& warning : dinolens::server::serverWarnings(options)) {
        std::fprintf(stderr, "warning: %s\n", warning.c_str());
    }

    return serve(std::move(options));
}
