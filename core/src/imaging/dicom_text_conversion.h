#pragma once
// DICOM text attributes to UTF-8 from the dataset's SpecificCharacterSet. Private to core.
// Thread-safety: changes the given dataset only.

#include <dcmtk/dcmdata/dcdatset.h>

namespace dinolens::core::dicom {

/// Converts every text value (PN, LO, SH, ST, LT, UC, UT) to UTF-8 and sets SpecificCharacterSet to ISO_IR 192.
/// DCMTK converts (through glibc's iconv here); where it cannot, value by value, so that one bad value does not
/// leave the others unconverted. Japanese ISO 2022 (IR 87 and IR 159), which DCMTK cannot map onto glibc's iconv,
/// is converted by iconv as ISO-2022-JP-2, whose escape sequences are DICOM's. Values that still cannot be
/// converted keep their bytes; getString() replaces what is not UTF-8 by U+FFFD.
void convertTextToUtf8(DcmDataset& dataset);

} // namespace dinolens::core::dicom
