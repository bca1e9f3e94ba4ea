#pragma once
// TensorBoard event files: scalars and PNG images as tensorflow.Event protocol buffers in TFRecord framing
// (uint64 length, masked CRC-32C of the length, the bytes, masked CRC-32C of the bytes), the format TensorBoard
// reads from <log dir>/events.out.tfevents.<seconds>.<host>. The first record names the format ("brain.Event:2").
//
// Events are buffered in memory and reach the file on flush(). A failed flush (disk full, quota, file size limit)
// truncates the file back to its last complete record, so that TensorBoard can still read all of it, keeps the
// unwritten events for the next flush (at most kMaxPendingBytes; older ones are dropped beyond that) and returns
// Unwritable: the caller reports it and carries on.
// Ownership: the writer owns its file; the destructor flushes and ignores errors. Thread-safety: one thread at a
// time per writer. Units: wall time in seconds since the Unix epoch (UTC); steps as the caller counts them.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "dinolens/core/result.h"

namespace dinolens::core {

struct TensorBoardScalar {
    std::string tag; // e.g. "epoch/loss"; slashes group charts
    double value = 0.0; // stored as float, as TensorBoard's simple_value is
};

struct TensorBoardImage {
    std::string tag;
    int width = 0; // pixels
    int height = 0;
    int channels = 3; // 1 grey, 3 RGB, 4 RGBA (TensorBoard's colorspace)
    std::string encoded; // the PNG (or JPEG) file's bytes
};

class TensorBoardWriter {
public:
    static constexpr size_t kMaxPendingBytes = size_t { 32 } << 20;

    /// Creates `logDir` if needed and a new event file in it holding the file-version record (written at once, so
    /// that an unwritable folder is found here). Errors: Unwritable.
    static Result<TensorBoardWriter> create(const std::filesystem::path& logDir);

    TensorBoardWriter(TensorBoardWriter&& other) noexcept;
    TensorBoardWriter& operator=(TensorBoardWriter&& other) noexcept;
    ~TensorBoardWriter();

    /// One event holding all `scalars` at `step`.
    void addScalars(const std::vector<TensorBoardScalar>& scalars, int64_t step);
    /// One event holding the image at `step`.
    void addImage(const TensorBoardImage& image, int64_t step);
    /// Writes the buffered events. Errors: Unwritable (the file then ends at its last complete record).
    Status flush();

    const std::filesystem::path& path() const;
    size_t pendingBytes() const;

private:
    struct Impl;
    explicit TensorBoardWriter(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace dinolens::core
