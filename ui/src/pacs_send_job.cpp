// The send job: the shown mask as a DICOM SEG (and key slices as Secondary Capture) stored into its study on a node.
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <set>

#include "dinolens/core/dicom_seg.h"
#include "dinolens/core/windowing.h"
#include "dinolens/pacs/secondary_capture.h"
#include "dinolens/ui/pacs_jobs.h"
#include "dinolens/ui/slice_renderer.h"
#include "progress_throttle.h"

namespace dinolens::ui {
namespace {

namespace fs = std::filesystem;
constexpr int kKeySlices = 3;

// The slices holding the most tumour voxels, most first (at most kKeySlices).
std::vector<int> keySlices(const core::LabelMask& mask)
{
    const std::size_t plane = static_cast<std::size_t>(mask.dims[0]) * static_cast<std::size_t>(mask.dims[1]);
    std::vector<std::pair<std::size_t, int>> counts;
    for (int k = 0; k < mask.dims[2]; ++k) {
        const auto begin = mask.labels.begin() + static_cast<std::ptrdiff_t>(plane * static_cast<std::size_t>(k));
        const auto voxels = static_cast<std::size_t>(
            std::count_if(begin, begin + static_cast<std::ptrdiff_t>(plane), [](std::uint8_t v) { return v != 0; }));
        if (voxels > 0) {
            counts.emplace_back(voxels, k);
        }
    }
    std::sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<int> slices;
    for (std::size_t n = 0; n < counts.size() && n < kKeySlices; ++n) {
        slices.push_back(counts[n].second);
    }
    return slices;
}

// Slice k with the overlay (filled, as the viewer's default) and the summary under it, as RGB bytes.
pacs::SecondaryCaptureImage keySliceImage(
    const core::Volume& volume, const core::LabelMask& mask, int k, const QString& summary)
{
    const int width = volume.dims[0];
    const int height = volume.dims[1];
    const std::vector<float> values = volume.sliceValues(k);
    std::vector<std::uint32_t> pixels = greyPixels(values, core::defaultWindow(volume), volume.monochrome1);
    const std::size_t plane = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    blendOverlay(pixels, std::span<const std::uint8_t>(mask.labels.data() + plane * static_cast<std::size_t>(k), plane),
        width, {});
    // Small series (82 x 82) get scaled up so that the text stays readable.
    const int scale = std::max(1, 512 / std::max(width, height));
    const QImage slice(reinterpret_cast<const uchar*>(pixels.data()), width, height, width * 4, QImage::Format_RGB32);
    const int textHeight = 40;
    QImage canvas(width * scale, height * scale + textHeight, QImage::Format_RGB888);
    canvas.fill(Qt::black);
    QPainter painter(&canvas);
    painter.drawImage(QRect(0, 0, width * scale, height * scale), slice);
    painter.setPen(Qt::white);
    QFont font = painter.font();
    font.setPixelSize(13);
    painter.setFont(font);
    painter.drawText(QRect(6, height * scale, width * scale - 12, textHeight), Qt::AlignVCenter | Qt::TextWordWrap,
        QStringLiteral("%1 (slice %2)").arg(summary).arg(k + 1));
    painter.end();
    pacs::SecondaryCaptureImage image;
    image.width = canvas.width();
    image.height = canvas.height();
    image.rgb.resize(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 3);
    for (int y = 0; y < image.height; ++y) {
        std::copy_n(canvas.constScanLine(y), static_cast<std::size_t>(image.width) * 3,
            image.rgb.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(y * image.width) * 3));
    }
    const core::SliceInfo& info = volume.slices[static_cast<std::size_t>(k)];
    image.sourceFile = info.sourceFile;
    image.sourceSopInstanceUid = info.sopInstanceUid;
    image.comment = summary.toStdString();
    return image;
}

core::Result<std::vector<fs::path>> writeKeySlices(const PacsSendRequest& request, const fs::path& folder)
{
    std::vector<pacs::SecondaryCaptureImage> images;
    for (const int k : keySlices(request.mask)) {
        images.push_back(keySliceImage(*request.volume, request.mask, k, request.summary));
    }
    return pacs::writeSecondaryCaptures(images, folder);
}

// An external node gets de-identified copies: the source series too, so that the SEG's references resolve there.
core::Result<std::vector<fs::path>> anonymise(
    const core::Volume& volume, const std::vector<fs::path>& files, const fs::path& folder)
{
    pacs::Anonymizer anonymizer({});
    std::vector<fs::path> sources;
    std::set<std::string> seen;
    for (const core::SliceInfo& slice : volume.slices) {
        if (seen.insert(slice.sourceFile).second) {
            sources.emplace_back(slice.sourceFile);
        }
    }
    sources.insert(sources.end(), files.begin(), files.end());
    std::vector<fs::path> anonymised;
    for (const fs::path& source : sources) {
        auto written = anonymizer.anonymizeFile(source, folder);
        if (!written) {
            return written.error();
        }
        anonymised.push_back(written->output);
    }
    return anonymised;
}

void runSend(QPromise<PacsSendOutcome>& promise, const pacs::PacsNode& node, const PacsSendRequest& request,
    core::CancelToken token, PacsSendOutcome& outcome)
{
    QTemporaryDir work(request.workFolder + QStringLiteral("/dinolens-send-XXXXXX"));
    if (!work.isValid()) {
        outcome.status = core::makeError(
            core::ErrorCode::Unwritable, "cannot create a temporary folder", request.workFolder.toStdString());
        return;
    }
    const fs::path folder = work.path().toStdString();
    const fs::path seg = folder / "segmentation.dcm";
    if (auto written = core::writeDicomSeg(seg, request.mask, *request.volume); !written) {
        outcome.status = written.error();
        return;
    }
    std::vector<fs::path> files { seg };
    if (request.secondaryCapture) {
        auto captures = writeKeySlices(request, folder);
        if (!captures) {
            outcome.status = captures.error();
            return;
        }
        outcome.secondaryCaptures = static_cast<int>(captures->size());
        files.insert(files.end(), captures->begin(), captures->end());
    }
    if (node.external) {
        auto anonymised = anonymise(*request.volume, files, folder / "anonymised");
        if (!anonymised) {
            outcome.status = anonymised.error();
            return;
        }
        outcome.anonymised = true;
        // The SEG is the first of the files given after the source slices.
        const std::size_t sources = anonymised->size() - files.size();
        files = std::move(*anonymised);
        std::rotate(files.begin(), files.begin() + static_cast<std::ptrdiff_t>(sources), files.end());
    }
    if (auto read = core::readDicomSeg(files.front()); read) {
        outcome.studyUid = QString::fromStdString(read->studyInstanceUid);
    }
    ProgressThrottle<PacsSendOutcome> throttle(promise, token);
    pacs::StoreOptions options;
    options.cancel = token;
    options.progress = throttle.sink();
    options.filesAreAnonymised = outcome.anonymised;
    auto stored = pacs::store(node, files, options);
    if (!stored) {
        outcome.status = stored.error();
        return;
    }
    outcome.method = QString::fromStdString(stored->method);
    outcome.stored = static_cast<int>(stored->storedSopInstanceUids.size());
    for (const pacs::StoreFailure& failure : stored->failures) {
        outcome.failures << QString::fromStdString(failure.sopInstanceUid + ": " + failure.reason);
    }
}

} // namespace

QFuture<PacsSendOutcome> sendSegmentationAsync(
    const pacs::PacsNode& node, const PacsSendRequest& request, const core::CancelToken& cancel)
{
    return QtConcurrent::run(
        [](QPromise<PacsSendOutcome>& promise, const pacs::PacsNode& target, const PacsSendRequest& what,
            core::CancelToken token) {
            PacsSendOutcome outcome;
            outcome.node = QString::fromStdString(target.name);
            try {
                runSend(promise, target, what, token, outcome);
            } catch (const std::exception& error) {
                outcome.status = core::makeError(core::ErrorCode::Internal, error.what());
            }
            promise.addResult(std::move(outcome));
        },
        node, request, cancel);
}

} // namespace dinolens::ui
