#pragma once
// Where a process stands in a distributed training group (trainer.h): its rank, the group's size and the
// rendezvous point, found from the launcher's environment or from explicit flags. Torch-free; pure functions
// except processEnvironment().
//
// Launchers, first match wins (explicit flags then override single fields):
// - torchrun: RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT. With TORCHELASTIC_USE_AGENT_STORE=True the
//   elastic agent already runs the TCPStore at MASTER_ADDR:MASTER_PORT: every rank connects as a client under the
//   agent's key prefix /worker/attempt_<TORCHELASTIC_RESTART_COUNT>, and none starts a second store.
// - SLURM (srun): SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID; the store runs on the first host of SLURM_NODELIST
//   (MASTER_ADDR overrides it) at MASTER_PORT, else at 20000 + SLURM_JOB_ID mod 10000, so that jobs sharing a node
//   do not collide.
// - flags: --rank, --world-size, --master-addr, --master-port (rank 0 starts the store).
// Thread-safety: value types and pure functions.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "dinolens/core/result.h"

namespace dinolens::inference {

struct DistributedLaunch {
    int rank = 0;
    int worldSize = 1; // 1: a single process, no group
    int localRank = 0; // rank on this host
    // Ranks on this host (torchrun's LOCAL_WORLD_SIZE, SLURM's SLURM_NTASKS_PER_NODE; 1 when unknown): a run with
    // threads = 0 gives each rank its share of the cores.
    int localWorldSize = 1;
    std::string masterAddress = "127.0.0.1"; // host of the TCPStore
    int masterPort = 29500;
    bool agentStore = false; // torchrun's agent runs the store: connect as a client under storePrefix
    std::string storePrefix; // "/worker/attempt_<n>" under the agent store, else empty
    std::string launcher = "single"; // "torchrun", "slurm", "flags" or "single"
    // Rendezvous and every collective operation give up after this long (a rank that died or hangs).
    std::chrono::seconds timeout { 300 };

    bool isDistributed() const { return worldSize > 1; }
    bool isMain() const { return rank == 0; }
};

/// Command-line values; unset ones come from the environment.
struct DistributedFlags {
    std::optional<int> rank;
    std::optional<int> worldSize;
    std::optional<std::string> masterAddress;
    std::optional<int> masterPort;
    std::optional<int> timeoutSeconds;
};

/// Looks a variable up; nullopt when it is not set.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string&)>;

/// The process's own environment (std::getenv).
EnvironmentLookup processEnvironment();

/// The launch this process belongs to (see the top of this header). Errors: InvalidArgument naming the variable or
/// flag (not a number, rank outside [0, world size), a port outside 1..65535, a world size without a rank, an
/// unusable SLURM_NODELIST).
core::Result<DistributedLaunch> discoverLaunch(const DistributedFlags& flags, const EnvironmentLookup& environment);

/// Every host of a SLURM node list, in order: "node[01-03,07],gpu7" -> node01, node02, node03, node07, gpu7
/// (zero padding kept; several bracket groups in one name multiply out). Errors: InvalidArgument (unbalanced
/// brackets, a reversed or non-numeric range, more than 100000 hosts).
core::Result<std::vector<std::string>> expandSlurmNodeList(const std::string& nodeList);

/// True when this build can join a distributed group (it was built with Gloo's headers).
bool distributedTrainingAvailable();

/// "rank R of W" with the launcher and rendezvous: what `train` prints at the start.
std::string describeLaunch(const DistributedLaunch& launch);

} // namespace dinolens::inference
