#pragma once
// The one way the project writes a file: readers (and a crash, or a full disk) see the old content or the new,
// never a part. The bytes go to a unique temporary file in the target's folder, are flushed and fsynced, the
// temporary is renamed over the target, and the folder is fsynced. Any error removes the temporary, leaves the
// old file as it was, and is reported with the target's path and the system's reason.
// Ownership: an AtomicFile owns its temporary until commit(). Thread-safety: one AtomicFile per thread; distinct
// writers to the same target race only on which complete version ends up there.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string_view>

#include "dinolens/core/result.h"

namespace dinolens::core {

class AtomicFile {
public:
    /// Creates the temporary (".partial-XXXXXX-<name>" beside `target`: it keeps the extension, which some
    /// writers read). Errors: Unwritable (missing folder, no permission).
    static Result<AtomicFile> create(const std::filesystem::path& target);

    AtomicFile(AtomicFile&& other) noexcept;
    AtomicFile& operator=(AtomicFile&&) = delete;
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile(); // removes the temporary unless committed

    const std::filesystem::path& temporaryPath() const { return m_temporary; }

    /// Appends bytes. Errors: Unwritable (disk full, IO error); the file is then not committed.
    Status write(const void* data, std::size_t size);
    Status write(std::string_view text) { return write(text.data(), text.size()); }

    /// fsync, rename over the target, fsync of the folder. Errors: Unwritable; the old target is untouched.
    Status commit();

private:
    AtomicFile(std::filesystem::path target, std::filesystem::path temporary, int fd);
    Error failure(const std::string& what, int error) const;

    std::filesystem::path m_target;
    std::filesystem::path m_temporary;
    int m_fd = -1;
    bool m_failed = false;
};

/// Writes `bytes` to `path` atomically (see above).
Status writeFileAtomically(const std::filesystem::path& path, std::string_view bytes);

/// For libraries that write by file name (nifticlib, DCMTK, OpenCV): `writeTemporary` fills the given temporary
/// path and reports its own errors (and should read back what it cannot trust); the rest is as above.
Status writeFileAtomically(const std::filesystem::path& path,
    const std::function<Status(const std::filesystem::path& temporary)>& writeTemporary);

} // namespace dinolens::core
