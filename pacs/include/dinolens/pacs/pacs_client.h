#pragma once
// The four things DinoLens does with a PACS, over the node's protocol: check it answers (QIDO with limit=1, or
// C-ECHO), search it (QIDO-RS or C-FIND, paged), retrieve a study or series (WADO-RS, or C-GET falling back to
// C-MOVE with our own storage SCP when the PACS refuses C-GET), and store files (STOW-RS or C-STORE).
//
// Retrieved instances are written to <destination>/<SeriesInstanceUID>/<SOPInstanceUID>.dcm, each one atomically
// (core::writeFileAtomically): a cancelled, failed or timed-out retrieve leaves only whole files. Every instance is
// parsed before it is written: a part that is not DICOM, or whose transfer syntax DCMTK does not know, is an error,
// never a file.
// Errors: Unreadable (PACS down, refused, timed out, an HTTP or DIMSE failure status), InvalidFormat (a garbage
// answer), UnsupportedFormat (an unexpected content or transfer syntax), Unwritable (destination), Cancelled,
// InvalidArgument (missing UIDs). Messages name the node (never a password) and what to check.
// Thread-safety: each call is independent (its own connections); callbacks run on the calling thread, except that a
// C-MOVE's instances arrive on the storage SCP's thread.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "dinolens/core/progress.h"
#include "dinolens/core/result.h"
#include "dinolens/pacs/pacs_node.h"
#include "dinolens/pacs/pacs_query.h"

namespace dinolens::pacs {

struct EchoOptions {
    core::CancelToken cancel;
};

struct FindOptions {
    core::CancelToken cancel;
};

struct RetrieveRequest {
    std::string studyUid; // required
    std::string seriesUid; // empty: the whole study
};

enum class DimseRetrieval {
    Automatic, // C-GET; C-MOVE when the PACS refuses C-GET and the node has a move-receive port
    Get,
    Move,
};

struct RetrievedInstance {
    std::filesystem::path file;
    std::string seriesUid;
    std::string sopInstanceUid;
    std::string transferSyntaxUid;
    std::uint64_t bytes = 0;
};

struct RetrieveOptions {
    std::filesystem::path destination; // created when missing
    core::CancelToken cancel;
    core::ProgressSink progress; // (instances done, instances expected or 0, "instance <uid>")
    /// Called after each instance is in place (so a viewer can open a series while the rest arrives).
    std::function<void(const RetrievedInstance&)> onInstance;
    DimseRetrieval dimseRetrieval = DimseRetrieval::Automatic;
    std::uint64_t maxInstanceBytes = 2ULL << 30; // a larger part is refused before it is kept
};

struct RetrieveSummary {
    std::vector<RetrievedInstance> instances;
    std::uint64_t bytes = 0;
    double seconds = 0.0;
    std::string method; // "WADO-RS", "C-GET", "C-MOVE"
};

struct StoreOptions {
    core::CancelToken cancel;
    core::ProgressSink progress; // (files done, files, file name)
    std::uint64_t maxRequestBytes = 64ULL << 20; // STOW-RS: files are sent in requests of at most this size
    /// A node marked external receives only files the caller has anonymised; without this, store() refuses.
    bool filesAreAnonymised = false;
};

struct StoreFailure {
    std::string sopInstanceUid; // or the file name when the file could not be read
    std::string reason;
};

struct StoreSummary {
    std::vector<std::string> storedSopInstanceUids;
    std::vector<StoreFailure> failures;
    std::string method; // "STOW-RS", "C-STORE"
};

core::Status echo(const PacsNode& node, const EchoOptions& options = {});
core::Result<FindResult> find(const PacsNode& node, const PacsQuery& query, const FindOptions& options = {});
core::Result<RetrieveSummary> retrieve(
    const PacsNode& node, const RetrieveRequest& request, const RetrieveOptions& options);
/// Stores DICOM files (each read and checked first). A summary with failures is still a value: the caller decides;
/// an error means nothing could be sent at all.
core::Result<StoreSummary> store(
    const PacsNode& node, const std::vector<std::filesystem::path>& files, const StoreOptions& options = {});

} // namespace dinolens::pacs
