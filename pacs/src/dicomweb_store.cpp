// STOW-RS: files are checked, grouped into requests of bounded size, and the answer's Referenced and Failed SOP
// Sequences say which instances the PACS kept.
#include "dicom_instance.h"
#include "dicom_json.h"
#include "dicomweb_connection.h"
#include "dicomweb_operations.h"
#include "multipart_related.h"

namespace dinolens::pacs::detail {
namespace {

using core::ErrorCode;
using core::makeError;

struct PendingFile {
    std::string sopInstanceUid;
    std::string bytes;
};

// Reads the answer's sequences into the summary; instances the answer does not mention count as failed.
core::Status readStowAnswer(
    const std::string& body, const std::vector<PendingFile>& batch, StoreSummary& summary, const std::string& where)
{
    const nlohmann::json answer = nlohmann::json::parse(body, nullptr, false);
    if (answer.is_discarded() || !answer.is_object()) {
        return makeError(ErrorCode::InvalidFormat, "the STOW-RS answer is not a DICOM JSON object", where);
    }
    std::vector<std::string> stored;
    const auto referenced = answer.find("00081199");
    if (referenced != answer.end() && referenced->is_object() && referenced->contains("Value")
        && (*referenced)["Value"].is_array()) {
        for (const nlohmann::json& item : (*referenced)["Value"]) {
            stored.push_back(dicomJsonText(item, "00081155"));
        }
    }
    for (const PendingFile& file : batch) {
        if (std::find(stored.begin(), stored.end(), file.sopInstanceUid) != stored.end()) {
            summary.storedSopInstanceUids.push_back(file.sopInstanceUid);
        } else {
            summary.failures.push_back({ file.sopInstanceUid, "the PACS did not accept it (Failed SOP Sequence)" });
        }
    }
    return core::okStatus();
}

core::Status sendBatch(DicomWebConnection& connection, std::vector<PendingFile>& batch, StoreSummary& summary)
{
    if (batch.empty()) {
        return core::okStatus();
    }
    std::vector<std::string_view> files;
    for (const PendingFile& file : batch) {
        files.push_back(file.bytes);
    }
    const MultipartBody body = buildDicomMultipart(files);
    const httplib::Headers headers { { "Accept", "application/dicom+json" } };
    const httplib::Result answer
        = connection.http().Post(connection.path("/studies"), headers, body.body, body.contentType);
    if (!answer) {
        return connection.noAnswer(answer.error(), "STOW-RS store");
    }
    // 202: some instances failed; 409: all failed. Both carry the sequences that say which.
    if (answer->status != 200 && answer->status != 202 && answer->status != 409) {
        return connection.failedStatus(answer->status, answer->body, "STOW-RS store");
    }
    auto read = readStowAnswer(answer->body, batch, summary, connection.node().describe());
    batch.clear();
    return read;
}

} // namespace

core::Result<StoreSummary> dicomWebStore(
    const PacsNode& node, const std::vector<std::filesystem::path>& files, const StoreOptions& options)
{
    auto connection = DicomWebConnection::open(node);
    if (!connection) {
        return connection.error();
    }
    StoreSummary summary;
    summary.method = "STOW-RS";
    std::vector<PendingFile> batch;
    std::uint64_t batchBytes = 0;
    for (std::size_t index = 0; index < files.size(); ++index) {
        if (options.cancel.isCancelled()) {
            return makeError(ErrorCode::Cancelled, "the store was cancelled", node.describe());
        }
        InstanceIdentity identity;
        auto bytes = readDicomFile(files[index], identity);
        if (!bytes) {
            summary.failures.push_back({ files[index].filename().string(), bytes.error().message });
            continue;
        }
        if (!batch.empty() && batchBytes + bytes->size() > options.maxRequestBytes) {
            if (auto sent = sendBatch(*connection, batch, summary); !sent) {
                return sent.error();
            }
            batchBytes = 0;
        }
        batchBytes += bytes->size();
        batch.push_back({ identity.sopInstanceUid, std::move(*bytes) });
        if (options.progress) {
            options.progress(static_cast<long long>(index + 1), static_cast<long long>(files.size()),
                files[index].filename().string());
        }
    }
    if (auto sent = sendBatch(*connection, batch, summary); !sent) {
        return sent.error();
    }
    return summary;
}

} // namespace dinolens::pacs::detail
