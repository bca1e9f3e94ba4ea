// The c10d process group of a distributed run (process_group.h): TCPStore rendezvous and ProcessGroupGloo.
#include "process_group.h"

#include <chrono>
#include <cstdlib>

#ifdef DINOLENS_WITH_GLOO
#include <ifaddrs.h>
#include <net/if.h>

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

namespace dinolens::inference::detail {

using core::ErrorCode;
using core::makeError;

namespace {

std::string failureAdvice(int rank, int worldSize, const char* what, const std::string& cause)
{
    return "rank " + std::to_string(rank) + " of " + std::to_string(worldSize) + " lost the other ranks during " + what
        + " (" + cause
        + "): another rank stopped (killed, crashed, or slower than the timeout). Stop every rank and start them "
          "all again with --resume to continue from the last checkpoint";
}

} // namespace

#ifdef DINOLENS_WITH_GLOO

} // namespace dinolens::inference::detail

bool dinolens::inference::distributedTrainingAvailable()
{
    return true;
}

namespace dinolens::inference::detail {

struct ProcessGroup::Impl {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
    std::chrono::milliseconds timeout { 0 };
};

namespace {

bool isLoopbackAddress(const std::string& address)
{
    return address.rfind("127.", 0) == 0 || address == "localhost" || address == "::1";
}

std::string loopbackInterface()
{
    std::string name = "lo";
    ifaddrs* interfaces = nullptr;
    if (getifaddrs(&interfaces) != 0) {
        return name;
    }
    for (const ifaddrs* entry = interfaces; entry != nullptr; entry = entry->ifa_next) {
        if ((entry->ifa_flags & IFF_LOOPBACK) != 0) {
            name = entry->ifa_name;
            break;
        }
    }
    freeifaddrs(interfaces);
    return name;
}

std::vector<std::shared_ptr<gloo::transport::Device>> glooDevices(const DistributedLaunch& launch)
{
    std::vector<std::shared_ptr<gloo::transport::Device>> devices;
    const char* names = std::getenv("GLOO_SOCKET_IFNAME");
    if (names != nullptr && *names != '\0') {
        const std::string list = names;
        size_t begin = 0;
        while (begin <= list.size()) {
            const size_t comma = std::min(list.find(',', begin), list.size());
            if (comma > begin) {
                devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(list.substr(begin, comma - begin)));
            }
            begin = comma + 1;
        }
    } else if (isLoopbackAddress(launch.masterAddress)) {
        devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(loopbackInterface()));
    } else {
        devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    }
    return devices;
}

c10::intrusive_ptr<c10d::Store> rendezvousStore(const DistributedLaunch& launch)
{
    c10d::TCPStoreOptions options;
    options.port = static_cast<std::uint16_t>(launch.masterPort);
    options.isServer = !launch.agentStore && launch.rank == 0;
    options.numWorkers = static_cast<size_t>(launch.worldSize);
    options.waitWorkers = false; // the process group's own rendezvous waits for every rank
    options.timeout = launch.timeout;
    c10::intrusive_ptr<c10d::Store> store = c10::make_intrusive<c10d::TCPStore>(launch.masterAddress, options);
    if (launch.agentStore) {
        store = c10::make_intrusive<c10d::PrefixStore>(launch.storePrefix, store);
    }
    return c10::make_intrusive<c10d::PrefixStore>("dinolens", store);
}

} // namespace

core::Result<std::shared_ptr<ProcessGroup>> ProcessGroup::connect(const DistributedLaunch& launch)
{
    const std::string where = launch.masterAddress + ":" + std::to_string(launch.masterPort);
    try {
        auto impl = std::make_unique<Impl>();
        impl->timeout = launch.timeout;
        impl->store = rendezvousStore(launch);
        auto options = c10d::ProcessGroupGloo::Options::create(launch.timeout);
        options->devices = glooDevices(launch);
        options->threads = 1; // one collective at a time: the trainer waits on each
        impl->group = c10::make_intrusive<c10d::ProcessGroupGloo>(impl->store, launch.rank, launch.worldSize, options);
        return std::shared_ptr<ProcessGroup>(new ProcessGroup(std::move(impl), launch.rank, launch.worldSize));
    } catch (const std::exception& error) {
        return makeError(ErrorCode::Internal,
            "rank " + std::to_string(launch.rank) + " of " + std::to_string(launch.worldSize)
                + " could not join the training group within " + std::to_string(launch.timeout.count())
                + " s: " + error.what()
                + ". Check that every rank runs with the same --world-size and master address and port, that the "
                  "port is free and reachable, and GLOO_SOCKET_IFNAME",
            where);
    }
}

void ProcessGroup::allReduceSum(at::Tensor& tensor, const char* what)
{
    const auto start = std::chrono::steady_clock::now();
    try {
        std::vector<at::Tensor> tensors = { tensor };
        c10d::AllreduceOptions options;
        options.timeout = m_impl->timeout;
        m_impl->group->allreduce(tensors, options)->wait();
    } catch (const std::exception& error) {
        throw CollectiveFailure(failureAdvice(m_rank, m_worldSize, what, error.what()));
    }
    m_allReduceSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void ProcessGroup::broadcast(at::Tensor& tensor, int root, const char* what)
{
    try {
        std::vector<at::Tensor> tensors = { tensor };
        c10d::BroadcastOptions options;
        options.rootRank = root;
        options.timeout = m_impl->timeout;
        m_impl->group->broadcast(tensors, options)->wait();
    } catch (const std::exception& error) {
        throw CollectiveFailure(failureAdvice(m_rank, m_worldSize, what, error.what()));
    }
}

#else // no Gloo headers at build time

} // namespace dinolens::inference::detail

bool dinolens::inference::distributedTrainingAvailable()
{
    return false;
}

namespace dinolens::inference::detail {

struct ProcessGroup::Impl { };

core::Result<std::shared_ptr<ProcessGroup>> ProcessGroup::connect(const DistributedLaunch& launch)
{
    return makeError(ErrorCode::InvalidArgument,
        "this build of DinoLens has no distributed training (it was built without Gloo's headers, package "
        "libgloo-dev); run a single process, or rebuild with them",
        describeLaunch(launch));
}

void ProcessGroup::allReduceSum(at::Tensor&, const char* what)
{
    throw CollectiveFailure(failureAdvice(m_rank, m_worldSize, what, "no Gloo in this build"));
}

void ProcessGroup::broadcast(at::Tensor&, int, const char* what)
{
    throw CollectiveFailure(failureAdvice(m_rank, m_worldSize, what, "no Gloo in this build"));
}

#endif

ProcessGroup::ProcessGroup(std::unique_ptr<Impl> impl, int rank, int worldSize)
    : m_impl(std::move(impl))
    , m_rank(rank)
    , m_worldSize(worldSize)
{
}

ProcessGroup::~ProcessGroup() = default;

double ProcessGroup::takeAllReduceSeconds()
{
    const double seconds = m_allReduceSeconds;
    m_allReduceSeconds = 0.0;
    return seconds;
}

} // namespace dinolens::inference::detail
