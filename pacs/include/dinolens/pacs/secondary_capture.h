#pragma once
// Secondary Capture images (SOP class 1.2.840.10008.5.1.4.1.1.7, RGB, 8 bits) that go back into a study beside a
// segmentation: a key slice with its overlay and a one-line summary, written with DCMTK. Patient and study come
// from a source DICOM file of the study, so the PACS files the image under the same study; the images of one call
// share a new series. The pixels carry no patient identification (Burned In Annotation NO): the summary names the
// finding, never the patient. Files are written atomically. Thread-safety: reentrant.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dinolens/core/result.h"

namespace dinolens::pacs {

struct SecondaryCaptureImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb; // width * height * 3, row-major, R G B
    std::string sourceFile; // a DICOM file of the study (patient, study, frame of reference)
    std::string sourceSopInstanceUid; // the slice shown (Source Image Sequence); empty: none
    std::string comment; // Image Comments: the summary as text
};

struct SecondaryCaptureOptions {
    std::string seriesDescription = "DinoLens key slices";
    int seriesNumber = 9901;
};

/// Writes one file per image into `folder` (<SOPInstanceUID>.dcm) and returns the paths.
/// Errors: InvalidArgument (empty or mis-sized pixels), Unreadable (a source file), Unwritable.
core::Result<std::vector<std::filesystem::path>> writeSecondaryCaptures(
    const std::vector<SecondaryCaptureImage>& images, const std::filesystem::path& folder,
    const SecondaryCaptureOptions& options = {});

} // namespace dinolens::pacs
