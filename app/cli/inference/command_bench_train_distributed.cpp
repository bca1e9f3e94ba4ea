// `dinolens-cli bench train --world-size W`: the same short training run as one process with W threads and as W
// ranks with one thread each on loopback (this program's own `train`, started as child processes), with the
// all-reduce time per step that rank 0 reports and the scaling efficiency (1 x W threads wall / W x 1 wall).
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli_output.h"
#include "training_commands.h"

extern char** environ;

namespace dinolens::app {
namespace {

struct ChildRun {
    double wallSeconds = 0.0;
    bool succeeded = true;
    std::string rankZeroOutput;
};

int freeLoopbackPort()
{
    const int socketId = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    int port = 29500;
    if (socketId >= 0 && ::bind(socketId, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0
        && ::getsockname(socketId, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
        port = ntohs(address.sin_port);
    }
    if (socketId >= 0) {
        ::close(socketId);
    }
    return port;
}

// Starts `arguments` with stdout and stderr into `log`; returns the process id or -1.
pid_t spawn(const std::vector<std::string>& arguments, const std::filesystem::path& log)
{
    std::vector<char*> argv;
    for (const std::string& argument : arguments) {
        argv.push_back(const_cast<char*>(argument.c_str()));
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    pid_t pid = -1;
    const int status = posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return status == 0 ? pid : -1;
}

std::string readText(const std::filesystem::path& path)
{
    std::ifstream stream(path);
    std::stringstream text;
    text << stream.rdbuf();
    return text.str();
}

// `ranks` processes of `train` with `threads` threads each (one process: no group); waits for all of them.
ChildRun runRanks(const std::vector<std::string>& train, const std::filesystem::path& folder, int ranks, int threads)
{
    const int port = freeLoopbackPort();
    const std::filesystem::path out = folder / ("run-" + std::to_string(ranks) + "x" + std::to_string(threads));
    const auto start = std::chrono::steady_clock::now();
    std::vector<pid_t> children;
    for (int rank = 0; rank < ranks; ++rank) {
        std::vector<std::string> arguments = train;
        arguments.insert(arguments.end(), { "--threads", std::to_string(threads), "--out", out.string() });
        if (ranks > 1) {
            arguments.insert(arguments.end(),
                { "--rank", std::to_string(rank), "--world-size", std::to_string(ranks), "--master-addr", "127.0.0.1",
                    "--master-port", std::to_string(port) });
        }
        children.push_back(spawn(arguments, folder / ("rank" + std::to_string(rank) + ".log")));
    }
    ChildRun run;
    for (pid_t child : children) {
        int status = 0;
        run.succeeded = run.succeeded && child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status)
            && WEXITSTATUS(status) == 0;
    }
    run.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    run.rankZeroOutput = readText(folder / "rank0.log");
    return run;
}

// The text after `key` up to the end of its line in `output` (empty when absent).
std::string lineAfter(const std::string& output, const std::string& key)
{
    const size_t at = output.find(key);
    if (at == std::string::npos) {
        return {};
    }
    return output.substr(at, output.find('\n', at) - at);
}

} // namespace

int runDistributedTrainBenchmark(const inference::TrainingConfig& config, const std::string& root, int worldSize)
{
    char pattern[] = "/tmp/dinolens-bench-train-XXXXXX";
    if (mkdtemp(pattern) == nullptr) {
        return reportError(core::makeError(core::ErrorCode::Unwritable, "cannot create a temporary folder", "/tmp"));
    }
    const std::filesystem::path folder = pattern;
    std::vector<std::string> train = { "dinolens-cli", "train", "--data", root, "--max-images",
        std::to_string(config.maxImages), "--resolution", std::to_string(config.resolution), "--batch-size",
        std::to_string(config.batchSize), "--epochs", "3", "--no-validation" };
    for (const std::string& part : config.baseModel) {
        train.insert(train.end(), { "--base-model", part });
    }
    std::printf("bench train: %d images at %d px, batch %d, 3 epochs, on this machine's loopback\n", config.maxImages,
        config.resolution, config.batchSize);
    const ChildRun threaded = runRanks(train, folder, 1, worldSize);
    const ChildRun ranked = runRanks(train, folder, worldSize, 1);
    if (!threaded.succeeded || !ranked.succeeded) {
        std::fprintf(
            stderr, "dinolens-cli: bench train: a training process failed; its output is in %s\n", folder.c_str());
        return 1;
    }
    std::printf("  1 rank x %d threads: %8.2f s wall   (%s)\n", worldSize, threaded.wallSeconds,
        lineAfter(threaded.rankZeroOutput, "features ").c_str());
    std::printf("  %d ranks x 1 thread:  %8.2f s wall   (rank 0: %s)\n", worldSize, ranked.wallSeconds,
        lineAfter(ranked.rankZeroOutput, "features ").c_str());
    std::printf("  %s\n", lineAfter(ranked.rankZeroOutput, "all-reduce").c_str());
    std::printf("  scaling efficiency (1 x %d threads / %d x 1 thread, wall): %.2f\n", worldSize, worldSize,
        threaded.wallSeconds / ranked.wallSeconds);
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
    return 0;
}

} // namespace dinolens::app
