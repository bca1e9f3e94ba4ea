#pragma once
// Private: the training group of a distributed run (distributed.h) as LibTorch's c10d sees it: a TCPStore
// rendezvous (started by rank 0, or the torchrun agent's, under its key prefix) and a c10d::ProcessGroupGloo on
// the CPU. The head trains on the CPU (trainer.h), so Gloo carries every collective, also in a CUDA build.
//
// Sockets: GLOO_SOCKET_IFNAME (comma-separated interfaces) when set; else the loopback interface when the store is
// on a loopback address (127.x, localhost, ::1); else the interface of this host's name (Gloo's default).
//
// Errors of collectives (a rank died, closed its sockets or missed the timeout) are thrown as CollectiveFailure,
// since they arise inside autograd functions; the trainer converts them where it catches exceptions.
// Thread-safety: collectives must be called in the same order on every rank, from one thread.

#include <ATen/ATen.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/inference/distributed.h"

namespace dinolens::inference::detail {

/// A collective operation that could not complete; what() says which, on which rank, and what to do.
class CollectiveFailure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ProcessGroup {
public:
    /// Joins the group (blocks until every rank has joined, at most launch.timeout). Errors: InvalidArgument (this
    /// build has no Gloo), Internal (the store or a peer cannot be reached in time; the message names the address).
    static core::Result<std::shared_ptr<ProcessGroup>> connect(const DistributedLaunch& launch);
    ~ProcessGroup();
    ProcessGroup(const ProcessGroup&) = delete;
    ProcessGroup& operator=(const ProcessGroup&) = delete;

    int rank() const { return m_rank; }
    int worldSize() const { return m_worldSize; }

    /// Sums `tensor` (contiguous, CPU) over the ranks, in place. Throws CollectiveFailure.
    void allReduceSum(at::Tensor& tensor, const char* what);
    /// Replaces `tensor` by rank `root`'s, in place. Throws CollectiveFailure.
    void broadcast(at::Tensor& tensor, int root, const char* what);
    /// Seconds spent in allReduceSum since the last call of takeAllReduceSeconds.
    double takeAllReduceSeconds();

private:
    struct Impl;
    explicit ProcessGroup(std::unique_ptr<Impl> impl, int rank, int worldSize);

    std::unique_ptr<Impl> m_impl;
    int m_rank = 0;
    int m_worldSize = 1;
    double m_allReduceSeconds = 0.0;
};

} // namespace dinolens::inference::detail
