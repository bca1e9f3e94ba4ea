#include <algorithm>
#include <memory>
#include <system_error>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmfg/fgderimg.h>
#include <dcmtk/dcmfg/fgfracon.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmiod/iodreferences.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>

#include "dicom_file.h"
#include "dicom_seg_codes.h"
#include "dinolens/core/atomic_file.h"
#include "dinolens/core/dicom_seg.h"
#include "dinolens/core/polygon_label.h"

namespace dinolens::core {
namespace {

Error dcmtkError(const std::string& what, const OFCondition& condition, const std::filesystem::path& path)
{
    return makeError(ErrorCode::Internal, what + ": " + condition.text(), path.string());
}

struct SourceSeries {
    OFString sopClassUid;
    OFString studyUid;
    OFString seriesUid;
    OFString patientId;
};

Result<SourceSeries> readSourceSeries(const std::string& file)
{
    DcmFileFormat format;
    if (format.loadFile(file.c_str(), EXS_Unknown, EGL_noChange, 4096).bad()) {
        return makeError(ErrorCode::Unreadable, "Cannot read the source DICOM file of the series", file);
    }
    SourceSeries source;
    DcmDataset& dataset = *format.getDataset();
    dataset.findAndGetOFString(DCM_SOPClassUID, source.sopClassUid);
    dataset.findAndGetOFString(DCM_StudyInstanceUID, source.studyUid);
    dataset.findAndGetOFString(DCM_SeriesInstanceUID, source.seriesUid);
    dataset.findAndGetOFString(DCM_PatientID, source.patientId);
    if (source.sopClassUid.empty() || source.studyUid.empty()) {
        return makeError(ErrorCode::InvalidFormat, "The source file has no SOP Class or Study Instance UID", file);
    }
    return source;
}

Status validate(const std::filesystem::path& path, const LabelMask& mask, const Volume& reference)
{
    if (!mask.isValid() || mask.dims != reference.dims) {
        return makeError(
            ErrorCode::InvalidArgument, "The mask does not have the dimensions of the image volume", path.string());
    }
    if (reference.dims[0] > 65535 || reference.dims[1] > 65535
        || reference.slices.size() != static_cast<std::size_t>(reference.dims[2])) {
        return makeError(ErrorCode::InvalidArgument, "The image volume cannot be described by a DICOM SEG");
    }
    for (const SliceInfo& slice : reference.slices) {
        if (slice.sourceFile.empty() || slice.sopInstanceUid.empty()) {
            return makeError(ErrorCode::InvalidArgument,
                "DICOM SEG needs a DICOM series: this volume was not loaded from DICOM files");
        }
    }
    std::error_code error;
    const std::filesystem::path folder = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
    if (!std::filesystem::is_directory(folder, error)) {
        return makeError(ErrorCode::Unwritable, "The folder does not exist", folder.string());
    }
    return okStatus();
}

void addSharedGroups(DcmSegmentation& segmentation, const Volume& reference)
{
    const Mat3& d = reference.direction;
    FGPlaneOrientationPatient orientation;
    orientation.setImageOrientationPatient(
        segDecimal(d[0]), segDecimal(d[3]), segDecimal(d[6]), segDecimal(d[1]), segDecimal(d[4]), segDecimal(d[7]));
    segmentation.addForAllFrames(orientation);
    FGPixelMeasures measures;
    measures.setPixelSpacing(segDecimal(reference.spacing[1]) + "\\" + segDecimal(reference.spacing[0]));
    measures.setSliceThickness(segDecimal(reference.spacing[2]));
    measures.setSpacingBetweenSlices(segDecimal(reference.spacing[2]));
    segmentation.addForAllFrames(measures);
    IODMultiframeDimensionModule& dimensions = segmentation.getDimensions();
    OFString organisation;
    char uid[100];
    organisation = dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT);
    dimensions.addDimensionIndex(
        DCM_ReferencedSegmentNumber, organisation, DCM_SegmentIdentificationSequence, "ReferencedSegmentNumber");
    dimensions.addDimensionIndex(
        DCM_ImagePositionPatient, organisation, DCM_PlanePositionSequence, "ImagePositionPatient");
}

Status addFrames(DcmSegmentation& segmentation, const LabelMask& mask, const Volume& reference,
    const SourceSeries& source, const std::string& algorithm, std::size_t& frames)
{
    const std::size_t sliceSize = static_cast<std::size_t>(mask.dims[0]) * mask.dims[1];
    std::vector<Uint8> pixels(sliceSize);
    for (int classId = 1; classId < kTumorClassCount; ++classId) {
        std::vector<int> slices;
        for (int k = 0; k < mask.dims[2]; ++k) {
            const auto begin = mask.labels.begin() + static_cast<std::ptrdiff_t>(sliceSize * k);
            if (std::find(begin, begin + static_cast<std::ptrdiff_t>(sliceSize), classId)
                != begin + static_cast<std::ptrdiff_t>(sliceSize)) {
                slices.push_back(k);
            }
        }
        if (slices.empty()) {
            continue;
        }
        DcmSegment* segment = nullptr;
        const auto algoType = algorithm.empty() ? DcmSegTypes::SAT_MANUAL : DcmSegTypes::SAT_AUTOMATIC;
        if (DcmSegment::create(
                segment, segLabel(classId).c_str(), segCategoryCode(), segTypeCode(), algoType, algorithm.c_str())
                .bad()
            || segment == nullptr) {
            return makeError(ErrorCode::Internal, "DCMTK refused a segment");
        }
        segment->setSegmentDescription(tumorClassName(classId));
        Uint16 number = 0;
        if (segmentation.addSegment(segment, number).bad()) {
            delete segment;
            return makeError(ErrorCode::Internal, "DCMTK refused a segment");
        }
        for (const int k : slices) {
            for (std::size_t n = 0; n < sliceSize; ++n) {
                pixels[n] = mask.labels[sliceSize * k + n] == classId ? 1 : 0;
            }
            const Vec3 position = reference.voxelToLps(0, 0, k);
            FGPlanePosPatient plane;
            plane.setImagePositionPatient(segDecimal(position[0]), segDecimal(position[1]), segDecimal(position[2]));
            FGFrameContent content;
            content.setDimensionIndexValues(number, 0);
            content.setDimensionIndexValues(static_cast<Uint32>(k + 1), 1);
            ImageSOPInstanceReferenceMacro sourceImage;
            sourceImage.setReferencedSOPClassUID(source.sopClassUid);
            sourceImage.setReferencedSOPInstanceUID(reference.slices[k].sopInstanceUid.c_str());
            OFVector<ImageSOPInstanceReferenceMacro> sources;
            sources.push_back(sourceImage);
            std::unique_ptr<FGDerivationImage> derivation(
                DcmSegmentation::createDerivationImageFG(sources, "Tumour segmentation"));
            OFVector<FGBase*> groups;
            groups.push_back(&plane);
            groups.push_back(&content);
            if (derivation) {
                groups.push_back(derivation.get());
            }
            if (segmentation.addFrame(pixels.data(), number, groups).bad()) {
                return makeError(ErrorCode::Internal, "DCMTK refused a segmentation frame");
            }
            ++frames;
        }
    }
    return okStatus();
}

Result<std::size_t> buildAndSave(const std::filesystem::path& temporary, const LabelMask& mask, const Volume& reference,
    const DicomSegWriteOptions& options)
{
    auto source = readSourceSeries(reference.slices.front().sourceFile);
    if (!source) {
        return source.error();
    }
    const IODGeneralEquipmentModule::EquipmentInfo equipment(
        "DinoLens", "DinoLens", "1", options.softwareVersion.c_str());
    const ContentIdentificationMacro content("1", "TUMOUR_SEG", options.seriesDescription.c_str(), "");
    DcmSegmentation* raw = nullptr;
    OFCondition status = DcmSegmentation::createBinarySegmentation(
        raw, static_cast<Uint16>(mask.dims[1]), static_cast<Uint16>(mask.dims[0]), equipment, content);
    std::unique_ptr<DcmSegmentation> segmentation(raw);
    if (status.bad() || !segmentation) {
        return dcmtkError("Cannot create the segmentation", status, temporary);
    }
    status = segmentation->importFromSourceImage(reference.slices.front().sourceFile.c_str());
    if (status.bad()) {
        return dcmtkError("Cannot take patient and study from the series", status, temporary);
    }
    char uid[100];
    segmentation->getSeries().setSeriesInstanceUID(dcmGenerateUniqueIdentifier(uid, SITE_SERIES_UID_ROOT));
    segmentation->getSeries().setSeriesDescription(options.seriesDescription.c_str());
    segmentation->getSeries().setSeriesNumber("901");
    addSharedGroups(*segmentation, reference);
    std::size_t frames = 0;
    if (auto added = addFrames(*segmentation, mask, reference, *source, options.algorithmName, frames); !added) {
        return added.error();
    }
    if (frames == 0) {
        return makeError(ErrorCode::InvalidArgument, "The mask has no tumour voxels: there is nothing to save");
    }
    IODReferences references;
    for (const SliceInfo& slice : reference.slices) {
        references.add(new IODImageReference(
            source->patientId, source->studyUid, source->seriesUid, slice.sopInstanceUid.c_str(), source->sopClassUid));
    }
    segmentation->getCommonInstanceReference().addReferences(references, source->studyUid);
    status = segmentation->saveFile(temporary.c_str());
    if (status.bad()) {
        return makeError(ErrorCode::Unwritable, std::string("Cannot write the DICOM SEG: ") + status.text(),
            temporary.parent_path().string());
    }
    return frames;
}

Status checkWritten(const std::filesystem::path& temporary, std::size_t frames, std::size_t segments)
{
    DcmSegmentation* raw = nullptr;
    const OFCondition status = DcmSegmentation::loadFile(temporary.c_str(), raw);
    std::unique_ptr<DcmSegmentation> loaded(raw);
    if (status.bad() || !loaded) {
        return dcmtkError("The written DICOM SEG cannot be read back", status, temporary);
    }
    if (loaded->getNumberOfFrames() != frames || loaded->getNumberOfSegments() != segments) {
        return makeError(ErrorCode::Internal, "The written DICOM SEG does not hold the frames and segments written",
            temporary.string());
    }
    return okStatus();
}

} // namespace

Status writeDicomSeg(const std::filesystem::path& path, const LabelMask& mask, const Volume& reference,
    const DicomSegWriteOptions& options)
{
    if (auto valid = validate(path, mask, reference); !valid) {
        return valid;
    }
    dicom::initializeDcmtk();
    std::size_t segments = 0;
    for (int classId = 1; classId < kTumorClassCount; ++classId) {
        segments += std::find(mask.labels.begin(), mask.labels.end(), classId) != mask.labels.end() ? 1 : 0;
    }
    return writeFileAtomically(path, [&](const std::filesystem::path& temporary) -> Status {
        try {
            auto frames = buildAndSave(temporary, mask, reference, options);
            return frames ? checkWritten(temporary, *frames, segments) : Status(frames.error());
        } catch (const std::exception& exception) {
            return makeError(ErrorCode::Internal, exception.what(), path.string());
        }
    });
}

} // namespace dinolens::core
