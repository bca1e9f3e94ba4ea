#include <cmath>
#include <memory>
#include <system_error>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmfg/fgderimg.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmfg/fgseg.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>
#include <dcmtk/dcmseg/segutils.h>

#include "dicom_file.h"
#include "dicom_seg_codes.h"
#include "dinolens/core/dicom_seg.h"

namespace dinolens::core {
namespace {

void readSegments(DcmSegmentation& segmentation, DicomSegmentation& result)
{
    for (std::size_t number = 1; number <= segmentation.getNumberOfSegments(); ++number) {
        DcmSegment* segment = segmentation.getSegment(number);
        if (segment == nullptr) {
            continue;
        }
        DicomSegSegment item;
        item.number = static_cast<int>(number);
        OFString label;
        segment->getSegmentLabel(label);
        item.label = label.c_str();
        item.classId = segClassFromLabel(item.label);
        OFString scheme;
        OFString value;
        OFString meaning;
        segment->getSegmentedPropertyTypeCode().getCodingSchemeDesignator(scheme);
        segment->getSegmentedPropertyTypeCode().getCodeValue(value);
        segment->getSegmentedPropertyTypeCode().getCodeMeaning(meaning);
        item.typeCode = std::string(scheme.c_str()) + ":" + value.c_str() + " " + meaning.c_str();
        result.segments.push_back(std::move(item));
    }
}

void readSharedGeometry(DcmSegmentation& segmentation, DicomSegmentation& result)
{
    FGInterface& groups = segmentation.getFunctionalGroups();
    if (auto* orientation
        = dynamic_cast<FGPlaneOrientationPatient*>(groups.get(0, DcmFGTypes::EFG_PLANEORIENTPATIENT))) {
        Float64 v[6] = {};
        orientation->getImageOrientationPatient(v[0], v[1], v[2], v[3], v[4], v[5]);
        std::copy(std::begin(v), std::end(v), result.orientation.begin());
    }
    if (auto* measures = dynamic_cast<FGPixelMeasures*>(groups.get(0, DcmFGTypes::EFG_PIXELMEASURES))) {
        measures->getPixelSpacing(result.pixelSpacing[0], 0);
        measures->getPixelSpacing(result.pixelSpacing[1], 1);
    }
    OFString text;
    segmentation.getSeries().getSeriesInstanceUID(text);
    result.seriesInstanceUid = text.c_str();
    segmentation.getStudy().getStudyInstanceUID(text);
    result.studyInstanceUid = text.c_str();
    segmentation.getFrameOfReference().getFrameOfReferenceUID(text);
    result.frameOfReferenceUid = text.c_str();
    for (auto* series : segmentation.getCommonInstanceReference().getReferencedSeriesItems()) {
        series->getSeriesInstanceUID(text);
        result.referencedSeriesUids.emplace_back(text.c_str());
    }
}

DicomSegFrame readFrame(DcmSegmentation& segmentation, std::size_t index, const DicomSegmentation& result)
{
    DicomSegFrame frame;
    FGInterface& groups = segmentation.getFunctionalGroups();
    const auto number = static_cast<Uint32>(index);
    if (auto* seg = dynamic_cast<FGSegmentation*>(groups.get(number, DcmFGTypes::EFG_SEGMENTATION))) {
        Uint16 segment = 0;
        seg->getReferencedSegmentNumber(segment);
        frame.segmentNumber = segment;
    }
    if (auto* plane = dynamic_cast<FGPlanePosPatient*>(groups.get(number, DcmFGTypes::EFG_PLANEPOSPATIENT))) {
        plane->getImagePositionPatient(frame.position[0], frame.position[1], frame.position[2]);
    }
    if (auto* derivation = dynamic_cast<FGDerivationImage*>(groups.get(number, DcmFGTypes::EFG_DERIVATIONIMAGE))) {
        auto& items = derivation->getDerivationImageItems();
        if (!items.empty() && !items.front()->getSourceImageItems().empty()) {
            OFString uid;
            items.front()->getSourceImageItems().front()->getImageSOPInstanceReference().getReferencedSOPInstanceUID(
                uid);
            frame.sourceSopInstanceUid = uid.c_str();
        }
    }
    const std::size_t pixels = static_cast<std::size_t>(result.rows) * result.columns;
    const DcmIODTypes::Frame* stored = segmentation.getFrame(index);
    if (stored == nullptr) {
        return frame;
    }
    if (stored->length >= pixels) { // already one byte per pixel
        frame.pixels.assign(stored->pixData, stored->pixData + pixels);
    } else {
        std::unique_ptr<DcmIODTypes::Frame> unpacked(DcmSegUtils::unpackBinaryFrame(
            stored, static_cast<Uint16>(result.rows), static_cast<Uint16>(result.columns)));
        if (unpacked && unpacked->length >= pixels) {
            frame.pixels.assign(unpacked->pixData, unpacked->pixData + pixels);
        }
    }
    for (auto& value : frame.pixels) {
        value = value != 0 ? 1 : 0;
    }
    return frame;
}

double dot(const Vec3& a, const Vec3& b)
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

} // namespace

Result<DicomSegmentation> readDicomSeg(const std::filesystem::path& path)
{
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
        return makeError(ErrorCode::NotFound, "The DICOM SEG file does not exist", path.string());
    }
    dicom::initializeDcmtk();
    DcmFileFormat format;
    OFCondition status = format.loadFile(path.c_str());
    DcmSegmentation* raw = nullptr;
    if (status.good()) {
        status = DcmSegmentation::loadDataset(*format.getDataset(), raw);
    }
    std::unique_ptr<DcmSegmentation> segmentation(raw);
    if (status.bad() || !segmentation) {
        return makeError(ErrorCode::InvalidFormat, std::string("Not a readable DICOM Segmentation: ") + status.text(),
            path.string());
    }
    DicomSegmentation result;
    Uint16 rows = 0;
    Uint16 columns = 0;
    format.getDataset()->findAndGetUint16(DCM_Rows, rows);
    format.getDataset()->findAndGetUint16(DCM_Columns, columns);
    result.rows = rows;
    result.columns = columns;
    readSegments(*segmentation, result);
    readSharedGeometry(*segmentation, result);
    for (std::size_t f = 0; f < segmentation->getNumberOfFrames(); ++f) {
        result.frames.push_back(readFrame(*segmentation, f, result));
    }
    return result;
}

Result<LabelMask> dicomSegToMask(const DicomSegmentation& segmentation, const Volume& reference)
{
    if (segmentation.rows != reference.dims[1] || segmentation.columns != reference.dims[0]) {
        return makeError(ErrorCode::InvalidArgument, "The segmentation frames do not have the image's size");
    }
    const Mat3& d = reference.direction;
    const std::array<double, 6> expected { d[0], d[3], d[6], d[1], d[4], d[7] };
    for (std::size_t n = 0; n < expected.size(); ++n) {
        if (std::abs(expected[n] - segmentation.orientation[n]) > 1e-3) {
            return makeError(ErrorCode::InvalidArgument, "The segmentation is not in the image's plane orientation");
        }
    }
    const Vec3 normal { d[2], d[5], d[8] };
    LabelMask mask = LabelMask::zeros(reference.dims[0], reference.dims[1], reference.dims[2]);
    mask.spacing = reference.spacing;
    const std::size_t sliceSize = static_cast<std::size_t>(reference.dims[0]) * reference.dims[1];
    for (const DicomSegFrame& frame : segmentation.frames) {
        const Vec3 offset { frame.position[0] - reference.origin[0], frame.position[1] - reference.origin[1],
            frame.position[2] - reference.origin[2] };
        const double along = dot(offset, normal) / reference.spacing[2];
        const int k = static_cast<int>(std::lround(along));
        if (k < 0 || k >= reference.dims[2] || std::abs(along - k) > 0.25 || frame.pixels.size() != sliceSize) {
            return makeError(ErrorCode::InvalidArgument, "A segmentation frame lies off the image's slices");
        }
        int classId = 1;
        for (const DicomSegSegment& segment : segmentation.segments) {
            if (segment.number == frame.segmentNumber && segment.classId > 0) {
                classId = segment.classId;
            }
        }
        for (std::size_t n = 0; n < sliceSize; ++n) {
            if (frame.pixels[n] != 0) {
                mask.labels[sliceSize * static_cast<std::size_t>(k) + n] = static_cast<std::uint8_t>(classId);
            }
        }
    }
    return mask;
}

} // namespace dinolens::core
