// QIDO-RS searches, paged with limit and offset, and the echo (a one-match study search).
#include <algorithm>

#include "dicom_json.h"
#include "dicomweb_connection.h"
#include "dicomweb_operations.h"

namespace dinolens::pacs::detail {
namespace {

using core::ErrorCode;
using core::makeError;

void addKey(std::string& query, const char* name, const std::string& value)
{
    if (!value.empty()) {
        query += std::string(query.empty() ? "?" : "&") + name + "=" + encodeQueryValue(value);
    }
}

std::string searchPath(const PacsQuery& query)
{
    std::string keys;
    addKey(keys, "PatientName", query.patientName);
    addKey(keys, "PatientID", query.patientId);
    addKey(keys, "PatientBirthDate", query.birthDate);
    addKey(keys, "StudyDate", query.studyDate);
    addKey(keys, "AccessionNumber", query.accessionNumber);
    addKey(keys, "StudyInstanceUID", query.studyUid);
    const bool series = query.level == QueryLevel::Series;
    addKey(keys, series ? "Modality" : "ModalitiesInStudy", query.modality);
    // Study attributes are asked for at series level too, so that a series match names its patient and study.
    for (const char* field : { "00100010", "00100020", "00100030", "00080020", "00081030", "00080050",
             series ? "00201209" : "00201208", series ? "0008103E" : "00080061" }) {
        addKey(keys, "includefield", field);
    }
    return (series ? "/series" : "/studies") + keys;
}

// One page of matches. Empty answers may come as 204 No Content.
core::Result<nlohmann::json> searchPage(
    DicomWebConnection& connection, const std::string& path, const core::CancelToken& cancel)
{
    const httplib::Headers headers { { "Accept", "application/dicom+json" } };
    const httplib::Result answer = connection.http().Get(
        connection.path(path), headers, [&cancel](std::uint64_t, std::uint64_t) { return !cancel.isCancelled(); });
    if (!answer) {
        return connection.noAnswer(answer.error(), "QIDO-RS search");
    }
    if (answer->status == 204) {
        return nlohmann::json::array();
    }
    if (answer->status != 200) {
        return connection.failedStatus(answer->status, answer->body, "QIDO-RS search");
    }
    nlohmann::json matches = nlohmann::json::parse(answer->body, nullptr, false);
    if (matches.is_discarded() || !matches.is_array()) {
        return makeError(ErrorCode::InvalidFormat, "the QIDO-RS answer is not a JSON array of matches",
            connection.node().describe());
    }
    return matches;
}

} // namespace

core::Status dicomWebEcho(const PacsNode& node, const EchoOptions& options)
{
    auto connection = DicomWebConnection::open(node);
    if (!connection) {
        return connection.error();
    }
    auto page = searchPage(*connection, "/studies?limit=1", options.cancel);
    if (!page) {
        return page.error();
    }
    return core::okStatus();
}

core::Result<FindResult> dicomWebFind(const PacsNode& node, const PacsQuery& query, const FindOptions& options)
{
    if (query.maxMatches < 0 || query.pageSize <= 0 || query.offset < 0) {
        return makeError(ErrorCode::InvalidArgument, "paging needs offset >= 0, max matches >= 0, page size > 0");
    }
    auto connection = DicomWebConnection::open(node);
    if (!connection) {
        return connection.error();
    }
    const std::string path = searchPath(query);
    FindResult result;
    // One match more than asked for tells whether there are more.
    const int wanted = query.maxMatches + 1;
    while (static_cast<int>(result.matches.size()) < wanted) {
        const int limit = std::min(query.pageSize, wanted - static_cast<int>(result.matches.size()));
        const int offset = query.offset + static_cast<int>(result.matches.size());
        auto page = searchPage(*connection,
            path + "&limit=" + std::to_string(limit) + "&offset=" + std::to_string(offset), options.cancel);
        if (!page) {
            return page.error();
        }
        for (const nlohmann::json& dataset : *page) {
            auto match = matchFromDicomJson(dataset, query.level);
            if (!match) {
                return makeError(match.error().code, match.error().message, node.describe());
            }
            result.matches.push_back(std::move(*match));
        }
        // A short page is the last; a server that ignores limit answers everything at once.
        if (static_cast<int>(page->size()) != limit) {
            break;
        }
    }
    if (static_cast<int>(result.matches.size()) > query.maxMatches) {
        result.matches.resize(static_cast<std::size_t>(query.maxMatches));
        result.truncated = true;
    }
    return result;
}

} // namespace dinolens::pacs::detail
