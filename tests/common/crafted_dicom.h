#pragma once
// Writing small DICOM files with DCMTK for hostile-input tests: a valid MR header with settable pixel-layout
// attributes, native or encapsulated pixel data. Test-only helpers.

#include <sys/resource.h>

#include <filesystem>
#include <string>
#include <vector>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcvrul.h>

namespace dinolens::test {

/// A minimal MR image dataset of `rows` x `columns`, 16-bit, one frame, with identifiers and a patient name.
inline void fillMrHeader(DcmDataset& ds, Uint16 rows, Uint16 columns)
{
    char uid[100];
    ds.putAndInsertString(DCM_SOPClassUID, UID_MRImageStorage);
    ds.putAndInsertString(DCM_SOPInstanceUID, dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT));
    ds.putAndInsertString(DCM_StudyInstanceUID, dcmGenerateUniqueIdentifier(uid, SITE_STUDY_UID_ROOT));
    ds.putAndInsertString(DCM_SeriesInstanceUID, dcmGenerateUniqueIdentifier(uid, SITE_SERIES_UID_ROOT));
    ds.putAndInsertString(DCM_Modality, "MR");
    ds.putAndInsertString(DCM_PatientID, "HOSTILE");
    ds.putAndInsertUint16(DCM_Rows, rows);
    ds.putAndInsertUint16(DCM_Columns, columns);
    ds.putAndInsertUint16(DCM_BitsAllocated, 16);
    ds.putAndInsertUint16(DCM_BitsStored, 16);
    ds.putAndInsertUint16(DCM_HighBit, 15);
    ds.putAndInsertUint16(DCM_PixelRepresentation, 0);
    ds.putAndInsertUint16(DCM_SamplesPerPixel, 1);
    ds.putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
}

/// Native pixel data of `words` 16-bit values.
inline void putNativePixels(DcmDataset& ds, std::size_t words)
{
    std::vector<Uint16> pixels(words, 100);
    ds.putAndInsertUint16Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size()));
}

/// Encapsulated pixel data (empty offset table, then `fragments` fragments of junk) for `xfer`.
inline void putEncapsulatedPixels(DcmDataset& ds, E_TransferSyntax xfer, int fragments)
{
    auto* pixelData = new DcmPixelData(DCM_PixelData);
    auto* sequence = new DcmPixelSequence(DcmTag(DCM_PixelData, EVR_OB));
    sequence->insert(new DcmPixelItem(DcmTag(DCM_Item, EVR_OB)));
    for (int i = 0; i < fragments; ++i) {
        auto* fragment = new DcmPixelItem(DcmTag(DCM_Item, EVR_OB));
        Uint8 junk[8] = { 0xFF, 0xD8, 0xFF, 0xDB, 0, 4, 0, 0 };
        fragment->putUint8Array(junk, sizeof(junk));
        sequence->insert(fragment);
    }
    pixelData->putOriginalRepresentation(xfer, nullptr, sequence);
    ds.insert(pixelData, true);
}

/// Replaces `tag` by a UL element holding `value` (a VR the standard does not allow there, as hostile files do).
inline void putAsUnsignedLong(DcmDataset& ds, const DcmTagKey& tag, Uint32 value)
{
    ds.findAndDeleteElement(tag);
    auto* element = new DcmUnsignedLong(DcmTag(tag, EVR_UL));
    element->putUint32(value);
    ds.insert(element, true);
}

inline bool saveDicom(
    DcmFileFormat& file, const std::filesystem::path& path, E_TransferSyntax xfer = EXS_LittleEndianExplicit)
{
    return file.saveFile(path.c_str(), xfer).good();
}

/// Peak resident memory of this process so far, in MiB.
inline long peakResidentMiB()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

} // namespace dinolens::test
