#include "dinolens/core/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace dinolens::core {
namespace {

bool syncFolder(const std::filesystem::path& folder)
{
    const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    const bool ok = ::fsync(fd) == 0;
    return ::close(fd) == 0 && ok;
}

} // namespace

AtomicFile::AtomicFile(std::filesystem::path target, std::filesystem::path temporary, int fd)
    : m_target(std::move(target))
    , m_temporary(std::move(temporary))
    , m_fd(fd)
{
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : m_target(std::move(other.m_target))
    , m_temporary(std::move(other.m_temporary))
    , m_fd(std::exchange(other.m_fd, -1))
    , m_failed(other.m_failed)
{
    other.m_temporary.clear();
}

AtomicFile::~AtomicFile()
{
    if (m_fd >= 0) {
        ::close(m_fd);
    }
    if (!m_temporary.empty()) {
        ::unlink(m_temporary.c_str());
    }
}

Error AtomicFile::failure(const std::string& what, int error) const
{
    return makeError(ErrorCode::Unwritable, what + ": " + std::strerror(error) + "; the previous file is unchanged",
        m_target.string());
}

Result<AtomicFile> AtomicFile::create(const std::filesystem::path& target)
{
    std::string suffix(1, '-'); // (GCC 12 warns falsely about "-" + string here: -Wrestrict)
    suffix += target.filename().string();
    std::string pattern = (target.parent_path() / (".partial-XXXXXX" + suffix)).string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    const int fd = ::mkstemps(buffer.data(), static_cast<int>(suffix.size()));
    if (fd < 0) {
        return makeError(
            ErrorCode::Unwritable, std::string("cannot create a file here: ") + std::strerror(errno), target.string());
    }
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    ::fchmod(fd, 0644); // mkstemp makes 0600; outputs are shared like any other file the user writes
    return AtomicFile(target, std::filesystem::path(buffer.data()), fd);
}

Status AtomicFile::write(const void* data, std::size_t size)
{
    const auto* bytes = static_cast<const char*>(data);
    while (size > 0 && !m_failed) {
        const ssize_t written = ::write(m_fd, bytes, size);
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written <= 0) {
            m_failed = true;
            return failure("cannot write", written < 0 ? errno : ENOSPC);
        }
        bytes += written;
        size -= static_cast<std::size_t>(written);
    }
    if (m_failed) {
        return makeError(ErrorCode::Unwritable, "an earlier write failed", m_target.string());
    }
    return okStatus();
}

Status AtomicFile::commit()
{
    if (m_failed || m_fd < 0) {
        return makeError(ErrorCode::Unwritable, "the file was not written completely", m_target.string());
    }
    // Errors of delayed writes surface at fsync or close: both are checked before the rename.
    if (::fsync(m_fd) != 0) {
        return failure("cannot flush to disk", errno);
    }
    const int fd = std::exchange(m_fd, -1);
    if (::close(fd) != 0) {
        return failure("cannot close", errno);
    }
    if (::rename(m_temporary.c_str(), m_target.c_str()) != 0) {
        return failure("cannot move into place", errno);
    }
    m_temporary.clear();
    if (!syncFolder(m_target.parent_path())) {
        return makeError(ErrorCode::Unwritable,
            std::string("written, but the folder cannot be flushed to disk: ") + std::strerror(errno),
            m_target.string());
    }
    return okStatus();
}

Status writeFileAtomically(const std::filesystem::path& path, std::string_view bytes)
{
    auto file = AtomicFile::create(path);
    if (!file) {
        return file.error();
    }
    if (auto written = file->write(bytes); !written) {
        return written;
    }
    return file->commit();
}

Status writeFileAtomically(const std::filesystem::path& path,
    const std::function<Status(const std::filesystem::path& temporary)>& writeTemporary)
{
    auto file = AtomicFile::create(path);
    if (!file) {
        return file.error();
    }
    // The temporary stays open here, so fsync in commit() also reports delayed write errors of the library.
    if (auto written = writeTemporary(file->temporaryPath()); !written) {
        return written;
    }
    return file->commit();
}

} // namespace dinolens::core
