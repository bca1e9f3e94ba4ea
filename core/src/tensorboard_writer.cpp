#include "dinolens/core/tensorboard_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "crc32c.h"
#include "tensorboard_event.h"

namespace dinolens::core {
namespace {

double wallTimeNow()
{
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string hostName()
{
    char name[256] = {};
    if (gethostname(name, sizeof(name) - 1) != 0 || name[0] == '\0') {
        return "localhost";
    }
    std::string host(name);
    for (char& c : host) {
        c = c == '/' ? '_' : c;
    }
    return host;
}

void appendLittleEndian(std::string& out, uint64_t value, int bytes)
{
    for (int i = 0; i < bytes; ++i) {
        out.push_back(static_cast<char>((value >> (8 * i)) & 0xFFu));
    }
}

// One TFRecord: length, masked CRC of the length's 8 bytes, the data, masked CRC of the data.
void appendRecord(std::string& out, const std::string& data)
{
    std::string length;
    appendLittleEndian(length, data.size(), 8);
    out += length;
    appendLittleEndian(out, detail::maskedCrc32c(length.data(), length.size()), 4);
    out += data;
    appendLittleEndian(out, detail::maskedCrc32c(data.data(), data.size()), 4);
}

// Opens a new event file: the usual name, or with ".<pid>.<n>" added when another writer took it this second.
int createEventFile(const std::filesystem::path& logDir, std::filesystem::path& path)
{
    const auto seconds
        = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    const std::string base = "events.out.tfevents." + std::to_string(seconds) + "." + hostName();
    for (int attempt = 0; attempt < 100; ++attempt) {
        path = logDir / (attempt == 0 ? base : base + "." + std::to_string(getpid()) + "." + std::to_string(attempt));
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0 || errno != EEXIST) {
            return fd;
        }
    }
    return -1;
}

} // namespace

struct TensorBoardWriter::Impl {
    std::filesystem::path path;
    int fd = -1;
    off_t committed = 0; // bytes of complete records in the file
    std::string pending; // whole records not yet written

    ~Impl()
    {
        if (fd >= 0) {
            ::close(fd);
        }
    }

    void addEvent(const std::string& event) { appendRecord(pending, event); }

    Status flush()
    {
        size_t written = 0;
        while (written < pending.size()) {
            const ssize_t count = ::pwrite(
                fd, pending.data() + written, pending.size() - written, committed + static_cast<off_t>(written));
            if (count < 0 && errno == EINTR) {
                continue;
            }
            if (count <= 0) {
                const std::string reason = count < 0 ? std::strerror(errno) : "nothing written";
                // Drop the partial record so that the file stays a sequence of whole records.
                [[maybe_unused]] const int ignored = ::ftruncate(fd, committed);
                dropOldestBeyondLimit();
                return makeError(ErrorCode::Unwritable,
                    "could not write TensorBoard events (" + reason + "); they are kept for the next try",
                    path.string());
            }
            written += static_cast<size_t>(count);
        }
        committed += static_cast<off_t>(written);
        pending.clear();
        return okStatus();
    }

    // Keeps the newest whole records within kMaxPendingBytes.
    void dropOldestBeyondLimit()
    {
        size_t offset = 0;
        while (pending.size() - offset > kMaxPendingBytes) {
            uint64_t length = 0;
            for (int i = 7; i >= 0; --i) {
                length = (length << 8) | static_cast<unsigned char>(pending[offset + static_cast<size_t>(i)]);
            }
            offset += 12 + static_cast<size_t>(length) + 4;
        }
        pending.erase(0, offset);
    }
};

TensorBoardWriter::TensorBoardWriter(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}

TensorBoardWriter::TensorBoardWriter(TensorBoardWriter&& other) noexcept = default;
TensorBoardWriter& TensorBoardWriter::operator=(TensorBoardWriter&& other) noexcept = default;

TensorBoardWriter::~TensorBoardWriter()
{
    if (m_impl) {
        [[maybe_unused]] const Status ignored = m_impl->flush();
    }
}

Result<TensorBoardWriter> TensorBoardWriter::create(const std::filesystem::path& logDir)
{
    std::error_code error;
    std::filesystem::create_directories(logDir, error);
    if (error) {
        return makeError(
            ErrorCode::Unwritable, "cannot create the TensorBoard folder: " + error.message(), logDir.string());
    }
    auto impl = std::make_unique<Impl>();
    impl->fd = createEventFile(logDir, impl->path);
    if (impl->fd < 0) {
        return makeError(ErrorCode::Unwritable,
            std::string("cannot create a TensorBoard event file: ") + std::strerror(errno), logDir.string());
    }
    impl->addEvent(detail::fileVersionEvent(wallTimeNow(), 0, "brain.Event:2"));
    if (auto status = impl->flush(); !status) {
        return status.error();
    }
    return TensorBoardWriter(std::move(impl));
}

void TensorBoardWriter::addScalars(const std::vector<TensorBoardScalar>& scalars, int64_t step)
{
    std::vector<detail::EventScalar> values;
    values.reserve(scalars.size());
    for (const TensorBoardScalar& scalar : scalars) {
        values.push_back({ scalar.tag, static_cast<float>(scalar.value) });
    }
    m_impl->addEvent(detail::scalarsEvent(wallTimeNow(), step, values));
}

void TensorBoardWriter::addImage(const TensorBoardImage& image, int64_t step)
{
    m_impl->addEvent(detail::imageEvent(
        wallTimeNow(), step, { image.tag, image.height, image.width, image.channels, image.encoded }));
}

Status TensorBoardWriter::flush()
{
    return m_impl->flush();
}

const std::filesystem::path& TensorBoardWriter::path() const
{
    return m_impl->path;
}

size_t TensorBoardWriter::pendingBytes() const
{
    return m_impl->pending.size();
}

} // namespace dinolens::core
