#include "dicom_pixel_decoder.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <tuple>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include "dicom_file.h"
#include "dicom_sample_conversion.h"
#include "dicom_tags.h"
#include "dinolens/core/checked_size.h"
#include "jpeg2000_decoder.h"

namespace dinolens::core {
namespace {

// Rows, Columns, NumberOfFrames and SamplesPerPixel bound the allocation: out-of-range values are errors that name
// the tag, and their product is checked (no 64-bit wrap-around) against the memory limit before anything else.
Result<PixelLayout> readLayout(DcmDataset& ds, const std::string& path, std::size_t maxBytes)
{
    PixelLayout l;
    constexpr int kMaxInt = std::numeric_limits<int>::max();
    for (auto [target, tag, fallback, maximum] : { std::tuple { &l.rows, DCM_Rows, 0, 65535 },
             std::tuple { &l.columns, DCM_Columns, 0, 65535 }, std::tuple { &l.frames, DCM_NumberOfFrames, 1, kMaxInt },
             std::tuple { &l.bitsAllocated, DCM_BitsAllocated, 0, 64 },
             std::tuple { &l.samplesPerPixel, DCM_SamplesPerPixel, 1, 4 } }) {
        auto value = dicom::getBoundedInteger(ds, tag, fallback, 0, maximum, path);
        if (!value) {
            return value.error();
        }
        *target = *value;
    }
    // Real files get BitsStored and HighBit wrong; the convention is HighBit = BitsStored - 1.
    l.bitsStored = dicom::getInteger(ds, DCM_BitsStored).value_or(l.bitsAllocated);
    l.highBit = dicom::getInteger(ds, DCM_HighBit).value_or(l.bitsStored - 1);
    l.pixelRepresentation = dicom::getInteger(ds, DCM_PixelRepresentation).value_or(0) == 1 ? 1 : 0;
    l.planarConfiguration = dicom::getInteger(ds, DCM_PlanarConfiguration).value_or(0) == 1 ? 1 : 0;
    l.photometric = dicom::getString(ds, DCM_PhotometricInterpretation);
    const std::string where = path + " (0028,xxxx)";
    if (l.rows <= 0 || l.columns <= 0 || l.frames <= 0) {
        return makeError(ErrorCode::InvalidFormat, "missing or invalid Rows, Columns or NumberOfFrames", where);
    }
    if (l.bitsAllocated != 8 && l.bitsAllocated != 16 && l.bitsAllocated != 32) {
        return makeError(ErrorCode::UnsupportedFormat,
            "BitsAllocated " + std::to_string(l.bitsAllocated) + " is not supported", where);
    }
    if (l.bitsStored <= 0 || l.bitsStored > l.bitsAllocated || l.highBit < l.bitsStored - 1
        || l.highBit >= l.bitsAllocated) {
        l.bitsStored = std::clamp(l.bitsStored, 1, l.bitsAllocated);
        l.highBit = l.bitsStored - 1;
    }
    if (l.samplesPerPixel != 1 && l.samplesPerPixel != 3) {
        return makeError(ErrorCode::UnsupportedFormat,
            "SamplesPerPixel " + std::to_string(l.samplesPerPixel) + " is not supported", where);
    }
    if (l.photometric == "PALETTE COLOR") {
        return makeError(ErrorCode::UnsupportedFormat, "palette colour images are not supported", where);
    }
    // Both the stored samples and the decoded voxels must fit.
    const std::int64_t widest = std::max(l.bitsAllocated / 8, l.bitsAllocated == 32 ? 4 : 2);
    auto bytes = checkedBytes({ l.columns, l.rows, l.frames, l.samplesPerPixel, widest }, maxBytes,
        "image of " + std::to_string(l.columns) + " x " + std::to_string(l.rows) + " x " + std::to_string(l.frames)
            + " x " + std::to_string(l.samplesPerPixel) + " samples",
        path);
    if (!bytes) {
        return bytes.error();
    }
    return l;
}

// Encapsulated frames: one fragment per frame, or all fragments of a single frame.
Result<std::vector<std::vector<std::uint8_t>>> frameFragments(
    DcmPixelData& pixelData, E_TransferSyntax xfer, int frames, const std::string& path)
{
    DcmPixelSequence* sequence = nullptr;
    if (pixelData.getEncapsulatedRepresentation(xfer, nullptr, sequence).bad() || sequence == nullptr) {
        return makeError(ErrorCode::InvalidFormat, "encapsulated pixel data has no fragments", path);
    }
    const unsigned long items = sequence->card();
    if (items < 2) {
        return makeError(ErrorCode::Truncated, "encapsulated pixel data has no fragments", path);
    }
    const bool onePerFrame = items - 1 == static_cast<unsigned long>(frames);
    if (!onePerFrame && frames != 1) {
        return makeError(
            ErrorCode::UnsupportedFormat, "multi-frame JPEG 2000 with split frames is not supported", path);
    }
    std::vector<std::vector<std::uint8_t>> out(static_cast<std::size_t>(frames));
    for (unsigned long i = 1; i < items; ++i) {
        DcmPixelItem* item = nullptr;
        Uint8* bytes = nullptr;
        if (sequence->getItem(item, i).bad() || item->getUint8Array(bytes).bad()) {
            return makeError(ErrorCode::InvalidFormat, "unreadable pixel data fragment", path);
        }
        auto& target = out[onePerFrame ? i - 1 : 0];
        target.insert(target.end(), bytes, bytes + item->getLength());
    }
    return out;
}

// A frame bomb (a tiny file announcing millions of frames) fails here, before any per-frame work: native data
// must hold every frame, encapsulated data at least one fragment per frame.
Status checkFrameCount(DcmPixelData& pixelData, E_TransferSyntax xfer, int frames, const std::string& path)
{
    if (!DcmXfer(xfer).isEncapsulated()) {
        return okStatus(); // decodeNative compares the pixel data length with the header before storing
    }
    DcmPixelSequence* sequence = nullptr;
    if (pixelData.getEncapsulatedRepresentation(xfer, nullptr, sequence).bad() || sequence == nullptr) {
        return makeError(ErrorCode::InvalidFormat, "encapsulated pixel data has no fragments", path);
    }
    const unsigned long fragments = sequence->card() > 0 ? sequence->card() - 1 : 0; // item 0: offset table
    if (fragments < static_cast<unsigned long>(frames)) {
        return makeError(ErrorCode::Truncated,
            "the header announces " + std::to_string(frames) + " frames, the pixel data holds "
                + std::to_string(fragments) + " fragments",
            path);
    }
    return okStatus();
}

Status decodeJpeg2000Frames(
    DcmPixelData& pixelData, E_TransferSyntax xfer, PixelLayout& layout, DecodedDicom& out, const std::string& path)
{
    auto fragments = frameFragments(pixelData, xfer, layout.frames, path);
    if (!fragments) {
        return fragments.error();
    }
    const std::size_t plane = static_cast<std::size_t>(layout.rows) * layout.columns;
    const std::size_t maxSamples = plane * static_cast<std::size_t>(layout.samplesPerPixel);
    for (int f = 0; f < layout.frames; ++f) {
        const auto& bytes = (*fragments)[static_cast<std::size_t>(f)];
        auto image = decodeJpeg2000(bytes.data(), bytes.size(), maxSamples, path);
        if (!image) {
            return image.error();
        }
        if (image->width != layout.columns || image->height != layout.rows) {
            return makeError(ErrorCode::InvalidFormat, "JPEG 2000 image size differs from Rows/Columns", path);
        }
        storeJpeg2000Frame(*image, layout, out, f);
    }
    return okStatus();
}

Status decodeNative(DcmDataset& ds, DcmPixelData& pixelData, E_TransferSyntax xfer, const PixelLayout& layout,
    DecodedDicom& out, const std::string& path)
{
    const DcmXfer info(xfer);
    if (info.isEncapsulated()) {
        // DCMTK's codecs size their output buffer in 32 bits.
        const auto bytes = checkedProduct(
            { layout.rows, layout.columns, layout.frames, layout.samplesPerPixel, layout.bitsAllocated / 8 });
        if (!bytes || *bytes >= (std::uint64_t { 1 } << 32)) {
            return makeError(ErrorCode::TooLarge, "compressed image too large for the DICOM decoder", path);
        }
        const OFCondition status = ds.chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
        if (status.bad() || !ds.canWriteXfer(EXS_LittleEndianExplicit)) {
            const bool noCodec = status == EC_CannotChangeRepresentation;
            return makeError(noCodec ? ErrorCode::UnsupportedFormat : ErrorCode::InvalidFormat,
                noCodec
                    ? std::string("unsupported transfer syntax: ") + info.getXferName() + " (" + info.getXferID() + ")"
                    : std::string("cannot decode ") + info.getXferName() + ": " + status.text(),
                path);
        }
    }
    const std::size_t sampleBytes = static_cast<std::size_t>(layout.bitsAllocated / 8);
    // readLayout checked this product against the memory limit.
    const std::size_t needed = *checkedProduct(
        { layout.rows, layout.columns, layout.frames, layout.samplesPerPixel, static_cast<std::int64_t>(sampleBytes) });
    const Uint8* raw = nullptr;
    OFCondition status;
    if (sampleBytes == 1) {
        Uint8* bytes = nullptr;
        status = pixelData.getUint8Array(bytes);
        raw = bytes;
    } else {
        Uint16* words = nullptr;
        status = pixelData.getUint16Array(words); // host byte order, whatever the file's
        raw = reinterpret_cast<const Uint8*>(words);
    }
    if (status.bad() || raw == nullptr) {
        return makeError(ErrorCode::InvalidFormat, std::string("cannot read pixel data: ") + status.text(), path);
    }
    if (pixelData.getLength() < needed) {
        return makeError(ErrorCode::Truncated,
            "pixel data holds " + std::to_string(pixelData.getLength()) + " bytes, the header needs "
                + std::to_string(needed),
            path);
    }
    storeNativeSamples(raw, layout, out);
    return okStatus();
}

void readAttributes(DcmDataset& ds, DecodedDicom& out)
{
    const auto slope = dicom::getNumbersAnyLevel(ds, DCM_RescaleSlope);
    const auto intercept = dicom::getNumbersAnyLevel(ds, DCM_RescaleIntercept);
    if (!slope.empty() && std::isfinite(slope[0]) && slope[0] != 0.0) {
        out.rescaleSlope = slope[0];
    }
    if (!intercept.empty() && std::isfinite(intercept[0])) {
        out.rescaleIntercept = intercept[0];
    }
    const auto centers = dicom::getNumbersAnyLevel(ds, DCM_WindowCenter);
    const auto widths = dicom::getNumbersAnyLevel(ds, DCM_WindowWidth);
    for (std::size_t i = 0; i < std::min(centers.size(), widths.size()); ++i) {
        if (std::isfinite(centers[i]) && std::isfinite(widths[i]) && widths[i] >= 1.0) {
            out.windows.push_back({ centers[i], widths[i], "DICOM " + std::to_string(i + 1) });
        }
    }
    const auto spacing = dicom::getNumbersAnyLevel(ds, DCM_PixelSpacing);
    if (spacing.size() == 2 && spacing[0] > 0 && spacing[1] > 0) {
        out.pixelSpacing = { spacing[0], spacing[1] };
        out.hasPixelSpacing = true;
    }
    if (const auto t = dicom::getNumbersAnyLevel(ds, DCM_SliceThickness); !t.empty() && t[0] > 0) {
        out.sliceThickness = t[0];
    }
    if (const auto s = dicom::getNumbersAnyLevel(ds, DCM_SpacingBetweenSlices); !s.empty() && s[0] > 0) {
        out.spacingBetweenSlices = s[0];
    }
    out.orientation = dicom::imageOrientation(ds);
    for (int f = 0; f < out.frames; ++f) {
        out.framePositions.push_back(dicom::imagePosition(ds, f));
    }
    out.sopInstanceUid = dicom::getString(ds, DCM_SOPInstanceUID);
    out.instanceNumber = dicom::getInteger(ds, DCM_InstanceNumber).value_or(0);
}

} // namespace

Result<DecodedDicom> decodeDicomFile(const std::string& path, std::size_t maxBytes)
{
    auto file = dicom::openDicomFile(path, /*headerOnly=*/false);
    if (!file) {
        return file.error();
    }
    DcmDataset& ds = (*file)->dataset();
    auto layout = readLayout(ds, path, maxBytes);
    if (!layout) {
        return layout.error();
    }
    DcmElement* element = nullptr;
    if (ds.findAndGetElement(DCM_PixelData, element).bad() || element == nullptr) {
        return makeError(ErrorCode::InvalidFormat, "no pixel data", path);
    }
    auto* pixelData = dynamic_cast<DcmPixelData*>(element);
    if (pixelData == nullptr) {
        return makeError(ErrorCode::InvalidFormat, "pixel data element has an unexpected type", path);
    }
    DecodedDicom out;
    out.rows = layout->rows;
    out.columns = layout->columns;
    out.frames = layout->frames;
    const std::string uid = (*file)->transferSyntaxUid();
    if (DcmXfer(uid.c_str()).getXfer() == EXS_Unknown) {
        // Newer syntaxes (HTJ2K, JPEG XL, video) are outside DCMTK 3.6.7 and OpenJPEG 2.5's DICOM support here.
        return makeError(ErrorCode::UnsupportedFormat, "unsupported transfer syntax " + uid, path);
    }
    const E_TransferSyntax xfer = (*file)->transferSyntax();
    if (auto frames = checkFrameCount(*pixelData, xfer, layout->frames, path); !frames) {
        return frames.error();
    }
    const bool jpeg2000 = xfer == EXS_JPEG2000LosslessOnly || xfer == EXS_JPEG2000;
    const Status decoded = jpeg2000 ? decodeJpeg2000Frames(*pixelData, xfer, *layout, out, path)
                                    : decodeNative(ds, *pixelData, xfer, *layout, out, path);
    if (!decoded) {
        return decoded.error();
    }
    out.monochrome1 = layout->photometric == "MONOCHROME1";
    readAttributes(ds, out);
    return out;
}

} // namespace dinolens::core
