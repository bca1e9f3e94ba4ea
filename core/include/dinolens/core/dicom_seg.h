#pragma once
// DICOM Segmentation (SEG) objects of tumour label masks, through DCMTK's dcmseg: a BINARY segmentation with
// one segment per tumour class present in the mask (glioma, meningioma, pituitary; category "Morphologically
// Abnormal Structure", type "Neoplasm", both SNOMED CT, the class in the segment label) and one frame per
// (segment, slice) that holds the class. Each frame carries its plane position, and the shared groups carry
// plane orientation and pixel measures, all from the reference volume (LPS mm), plus a derivation-image
// reference to the source slice; patient, study and frame of reference come from the source series, which the
// Referenced Series Sequence names. The SEG is a new series of the source study.
// Writing goes to a temporary file in the target folder, which is read back with DcmSegmentation::loadFile and
// checked (frame and segment counts) before it is renamed into place: on any failure nothing is left behind.
// Thread-safety: reentrant (each call has its own DCMTK objects).

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dinolens/core/label_mask.h"
#include "dinolens/core/result.h"
#include "dinolens/core/volume.h"

namespace dinolens::core {

struct DicomSegSegment {
    int number = 0; // Segment Number (1-based, as in the file)
    int classId = 0; // tumour class id (1 glioma, 2 meningioma, 3 pituitary); 0 when the label is unknown
    std::string label; // Segment Label
    std::string typeCode; // Segmented Property Type: "SCT:108369006 Neoplasm"
};

struct DicomSegFrame {
    int segmentNumber = 0;
    Vec3 position { 0.0, 0.0, 0.0 }; // ImagePositionPatient (LPS mm) of the frame's first pixel
    std::string sourceSopInstanceUid; // the derivation image, when present
    std::vector<std::uint8_t> pixels; // rows * columns, 0 or 1, row-major
};

/// A SEG as read back: its geometry (LPS mm) and frames.
struct DicomSegmentation {
    int rows = 0;
    int columns = 0;
    std::array<double, 6> orientation { 1, 0, 0, 0, 1, 0 }; // ImageOrientationPatient: row then column direction
    std::array<double, 2> pixelSpacing { 1.0, 1.0 }; // row spacing, column spacing (mm)
    std::string seriesInstanceUid; // of the SEG itself
    std::string studyInstanceUid;
    std::string frameOfReferenceUid;
    std::vector<std::string> referencedSeriesUids; // Referenced Series Sequence
    std::vector<DicomSegSegment> segments;
    std::vector<DicomSegFrame> frames;
};

struct DicomSegWriteOptions {
    std::string seriesDescription = "DinoLens tumour segmentation";
    std::string algorithmName = "DinoLens"; // empty: the segments are marked MANUAL
    std::string softwareVersion = "0.1.0";
};

/// Writes `mask` (the reference volume's dims) as a SEG of the DICOM series `reference` was loaded from.
/// Errors: InvalidArgument (mask dims differ from the volume's, an empty mask, a volume without DICOM source
/// files), Unreadable (a source file), Unwritable (folder missing or not writable), Internal (DCMTK refused the
/// object or the read-back check failed).
Status writeDicomSeg(const std::filesystem::path& path, const LabelMask& mask, const Volume& reference,
    const DicomSegWriteOptions& options = {});

/// Reads a SEG file. Errors: NotFound, InvalidFormat (not a segmentation, or not BINARY / FRACTIONAL).
Result<DicomSegmentation> readDicomSeg(const std::filesystem::path& path);

/// Places the SEG's frames into a mask with `reference`'s dims (slice of each frame from its position along
/// the slice normal, class from its segment). Errors: InvalidArgument (frame size or orientation differs from the
/// volume's, a frame off the volume).
Result<LabelMask> dicomSegToMask(const DicomSegmentation& segmentation, const Volume& reference);

} // namespace dinolens::core
