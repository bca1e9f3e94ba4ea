// Rank discovery from torchrun's and SLURM's environments and from flags (distributed.h). Torch-free.
#include "dinolens/inference/distributed.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace dinolens::inference {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

constexpr size_t kMaxHosts = 100000;

Result<long long> parseInteger(const std::string& text, const std::string& name)
{
    long long value = 0;
    const char* end = text.data() + text.size();
    const auto [pointer, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || error != std::errc() || pointer != end) {
        return makeError(ErrorCode::InvalidArgument, name + " must be a whole number, not \"" + text + "\"");
    }
    return value;
}

// The variable as an int, nullopt when unset.
Result<std::optional<int>> integerVariable(const EnvironmentLookup& environment, const std::string& name)
{
    const std::optional<std::string> text = environment(name);
    if (!text) {
        return std::optional<int> {};
    }
    auto value = parseInteger(*text, name);
    if (!value) {
        return value.error();
    }
    if (*value < -2147483647LL || *value > 2147483647LL) {
        return makeError(ErrorCode::InvalidArgument, name + " is out of range: " + *text);
    }
    return std::optional<int>(static_cast<int>(*value));
}

// Reads the named variables into the fields; a missing required one leaves the launch untouched (nullopt).
struct RankVariables {
    const char* rank;
    const char* worldSize;
    const char* localRank;
};

Result<bool> readRanks(const EnvironmentLookup& environment, const RankVariables& names, DistributedLaunch& launch)
{
    auto rank = integerVariable(environment, names.rank);
    auto worldSize = integerVariable(environment, names.worldSize);
    auto localRank = integerVariable(environment, names.localRank);
    for (const auto* value : { &rank, &worldSize, &localRank }) {
        if (!*value) {
            return value->error();
        }
    }
    if (!*rank || !*worldSize) {
        return false;
    }
    launch.rank = **rank;
    launch.worldSize = **worldSize;
    launch.localRank = localRank->value_or(0);
    return true;
}

core::Status readMaster(const EnvironmentLookup& environment, DistributedLaunch& launch)
{
    if (auto address = environment("MASTER_ADDR")) {
        launch.masterAddress = *address;
    }
    auto port = integerVariable(environment, "MASTER_PORT");
    if (!port) {
        return port.error();
    }
    if (*port) {
        launch.masterPort = **port;
    }
    return core::okStatus();
}

Result<bool> fromTorchrun(const EnvironmentLookup& environment, DistributedLaunch& launch)
{
    auto found = readRanks(environment, { "RANK", "WORLD_SIZE", "LOCAL_RANK" }, launch);
    if (!found || !*found) {
        return found;
    }
    launch.launcher = "torchrun";
    if (auto status = readMaster(environment, launch); !status) {
        return status.error();
    }
    auto local = integerVariable(environment, "LOCAL_WORLD_SIZE");
    if (!local) {
        return local.error();
    }
    launch.localWorldSize = std::max(1, local->value_or(1));
    const std::string agent = environment("TORCHELASTIC_USE_AGENT_STORE").value_or("");
    if (agent == "True" || agent == "true" || agent == "1") {
        launch.agentStore = true;
        launch.storePrefix = "/worker/attempt_" + environment("TORCHELASTIC_RESTART_COUNT").value_or("0");
    }
    return true;
}

Result<bool> fromSlurm(const EnvironmentLookup& environment, DistributedLaunch& launch)
{
    auto found = readRanks(environment, { "SLURM_PROCID", "SLURM_NTASKS", "SLURM_LOCALID" }, launch);
    if (!found || !*found) {
        return found;
    }
    launch.launcher = "slurm";
    // "4" or "4(x2),2": the first node's count (the store's node) is what matters to most allocations.
    const std::string perNode
        = environment("SLURM_NTASKS_PER_NODE").value_or(environment("SLURM_TASKS_PER_NODE").value_or("1"));
    auto perNodeCount
        = parseInteger(perNode.substr(0, perNode.find_first_not_of("0123456789")), "SLURM_NTASKS_PER_NODE");
    launch.localWorldSize = perNodeCount ? static_cast<int>(std::clamp(*perNodeCount, 1LL, 4096LL)) : 1;
    if (auto nodeList = environment("SLURM_NODELIST").value_or(environment("SLURM_JOB_NODELIST").value_or(""));
        !nodeList.empty()) {
        auto hosts = expandSlurmNodeList(nodeList);
        if (!hosts) {
            return makeError(ErrorCode::InvalidArgument, "SLURM_NODELIST: " + hosts.error().message);
        }
        launch.masterAddress = hosts->front();
    }
    auto jobId = integerVariable(environment, "SLURM_JOB_ID");
    if (!jobId) {
        return jobId.error();
    }
    launch.masterPort = 20000 + (jobId->value_or(0) % 10000 + 10000) % 10000;
    if (auto status = readMaster(environment, launch); !status) {
        return status.error();
    }
    return true;
}

core::Status applyFlags(const DistributedFlags& flags, DistributedLaunch& launch)
{
    if (flags.worldSize && !flags.rank && launch.launcher == "single") {
        return makeError(ErrorCode::InvalidArgument, "--world-size needs --rank (or a launcher's RANK)");
    }
    if (flags.rank || flags.worldSize) {
        launch.launcher = launch.launcher == "single" ? "flags" : launch.launcher;
    }
    launch.rank = flags.rank.value_or(launch.rank);
    launch.worldSize = flags.worldSize.value_or(launch.worldSize);
    launch.masterAddress = flags.masterAddress.value_or(launch.masterAddress);
    launch.masterPort = flags.masterPort.value_or(launch.masterPort);
    if (flags.timeoutSeconds) {
        launch.timeout = std::chrono::seconds(*flags.timeoutSeconds);
    }
    return core::okStatus();
}

core::Status validateLaunch(const DistributedLaunch& launch)
{
    if (launch.worldSize < 1) {
        return makeError(
            ErrorCode::InvalidArgument, "the world size must be at least 1, not " + std::to_string(launch.worldSize));
    }
    if (launch.rank < 0 || launch.rank >= launch.worldSize) {
        return makeError(ErrorCode::InvalidArgument,
            "rank " + std::to_string(launch.rank) + " is outside 0.." + std::to_string(launch.worldSize - 1));
    }
    if (launch.masterPort < 1 || launch.masterPort > 65535) {
        return makeError(ErrorCode::InvalidArgument,
            "the master port must be in 1..65535, not " + std::to_string(launch.masterPort));
    }
    if (launch.timeout.count() < 1) {
        return makeError(ErrorCode::InvalidArgument, "the distributed timeout must be at least 1 second");
    }
    if (launch.masterAddress.empty()) {
        return makeError(ErrorCode::InvalidArgument, "the master address is empty");
    }
    return core::okStatus();
}

// "01-03,7" -> 01 02 03 7 (the width of a zero-padded start is kept).
Result<std::vector<std::string>> expandRanges(const std::string& ranges)
{
    std::vector<std::string> values;
    size_t begin = 0;
    while (begin <= ranges.size()) {
        const size_t comma = std::min(ranges.find(',', begin), ranges.size());
        const std::string item = ranges.substr(begin, comma - begin);
        const size_t dash = item.find('-');
        const std::string first = item.substr(0, dash);
        const std::string last = dash == std::string::npos ? first : item.substr(dash + 1);
        auto from = parseInteger(first, "a node range");
        auto to = parseInteger(last, "a node range");
        if (!from || !to || *from < 0 || *to < *from) {
            return makeError(ErrorCode::InvalidArgument, "unusable node range \"" + item + "\"");
        }
        if (static_cast<size_t>(*to - *from) >= kMaxHosts) {
            return makeError(ErrorCode::InvalidArgument, "node range \"" + item + "\" is too long");
        }
        for (long long value = *from; value <= *to; ++value) {
            std::string text = std::to_string(value);
            if (text.size() < first.size()) {
                text.insert(0, first.size() - text.size(), '0');
            }
            values.push_back(text);
        }
        begin = comma + 1;
    }
    return values;
}

// One name with bracket groups ("rack[1-2]-n[01-02]") -> its hosts, appended to `hosts`.
core::Status expandName(const std::string& name, std::vector<std::string>& hosts)
{
    std::vector<std::string> partial = { "" };
    size_t position = 0;
    while (position < name.size()) {
        const size_t open = name.find('[', position);
        const std::string literal = name.substr(position, open == std::string::npos ? open : open - position);
        for (std::string& prefix : partial) {
            prefix += literal;
        }
        if (open == std::string::npos) {
            break;
        }
        const size_t close = name.find(']', open);
        if (close == std::string::npos) {
            return makeError(ErrorCode::InvalidArgument, "unbalanced brackets in \"" + name + "\"");
        }
        auto values = expandRanges(name.substr(open + 1, close - open - 1));
        if (!values) {
            return values.error();
        }
        if (partial.size() * values->size() > kMaxHosts) {
            return makeError(ErrorCode::InvalidArgument, "\"" + name + "\" names too many hosts");
        }
        std::vector<std::string> next;
        for (const std::string& prefix : partial) {
            for (const std::string& value : *values) {
                next.push_back(prefix + value);
            }
        }
        partial = std::move(next);
        position = close + 1;
    }
    hosts.insert(hosts.end(), partial.begin(), partial.end());
    return core::okStatus();
}

} // namespace

EnvironmentLookup processEnvironment()
{
    return [](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        return value == nullptr ? std::nullopt : std::optional<std::string>(value);
    };
}

Result<std::vector<std::string>> expandSlurmNodeList(const std::string& nodeList)
{
    std::vector<std::string> hosts;
    int depth = 0;
    size_t start = 0;
    for (size_t i = 0; i <= nodeList.size(); ++i) {
        const char c = i < nodeList.size() ? nodeList[i] : ',';
        depth += c == '[' ? 1 : (c == ']' ? -1 : 0);
        if (depth < 0 || depth > 1) {
            return makeError(ErrorCode::InvalidArgument, "unbalanced brackets in node list \"" + nodeList + "\"");
        }
        if (c == ',' && depth == 0) {
            const std::string name = nodeList.substr(start, i - start);
            if (!name.empty()) {
                if (auto status = expandName(name, hosts); !status) {
                    return status.error();
                }
                if (hosts.size() > kMaxHosts) {
                    return makeError(ErrorCode::InvalidArgument, "node list \"" + nodeList + "\" names too many hosts");
                }
            }
            start = i + 1;
        }
    }
    if (depth != 0 || hosts.empty()) {
        return makeError(ErrorCode::InvalidArgument, "no host in node list \"" + nodeList + "\"");
    }
    return hosts;
}

Result<DistributedLaunch> discoverLaunch(const DistributedFlags& flags, const EnvironmentLookup& environment)
{
    DistributedLaunch launch;
    auto torchrun = fromTorchrun(environment, launch);
    if (!torchrun) {
        return torchrun.error();
    }
    if (!*torchrun) {
        auto slurm = fromSlurm(environment, launch);
        if (!slurm) {
            return slurm.error();
        }
    }
    if (auto status = applyFlags(flags, launch); !status) {
        return status.error();
    }
    if (auto status = validateLaunch(launch); !status) {
        return status.error();
    }
    return launch;
}

std::string describeLaunch(const DistributedLaunch& launch)
{
    std::string text = "rank " + std::to_string(launch.rank) + " of " + std::to_string(launch.worldSize);
    if (launch.isDistributed()) {
        text += " (" + launch.launcher + ", local rank " + std::to_string(launch.localRank) + ", store "
            + launch.masterAddress + ":" + std::to_string(launch.masterPort)
            + (launch.agentStore ? " run by the torchrun agent, prefix " + launch.storePrefix : "") + ")";
    }
    return text;
}

} // namespace dinolens::inference
