#pragma once
// Opening DICOM files with DCMTK. Private to core. Thread-safety: initializeDcmtk is safe to call from any
// thread; each DicomFile is used by one thread at a time.

#include <memory>
#include <string>

#include <dcmtk/dcmdata/dcfilefo.h>

#include "dinolens/core/result.h"

namespace dinolens::core::dicom {

/// Registers DCMTK's decompression codecs (JPEG, JPEG-LS, RLE) and quiets its logger, once per process.
void initializeDcmtk();

struct DicomFile {
    std::string path;
    DcmFileFormat format;
    DcmDataset& dataset() { return *format.getDataset(); }
    E_TransferSyntax transferSyntax() { return dataset().getOriginalXfer(); }
    std::string transferSyntaxUid();
};

/// Opens a DICOM file (with or without preamble and meta header). With `headerOnly`, elements larger than a
/// few kilobytes (pixel data) stay on disk. Errors name the file and the reason.
Result<std::unique_ptr<DicomFile>> openDicomFile(const std::string& path, bool headerOnly);

/// Cheap content check: a "DICM" preamble, or a first tag in a plausible DICOM group (files without preamble).
bool looksLikeDicom(const std::string& path);

/// Human-readable name of a transfer syntax UID ("JPEG 2000 Image Compression (Lossless Only)", ...).
std::string transferSyntaxName(const std::string& uid);

} // namespace dinolens::core::dicom
