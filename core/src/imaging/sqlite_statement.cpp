#include "sqlite_statement.h"

#include <utility>

namespace dinolens::core::detail {

Error sqliteError(sqlite3* db, int code, const std::string& what, const std::filesystem::path& file)
{
    const std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    const std::string message = what + ": " + detail;
    switch (code & 0xFF) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        return makeError(ErrorCode::InvalidFormat,
            message
                + " (the run registry is damaged or not a run registry; move the file aside and a new one is "
                  "made)",
            file.string());
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_IOERR:
    case SQLITE_FULL:
        return makeError(ErrorCode::Unwritable, message, file.string());
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return makeError(
            ErrorCode::Unavailable, message + " (another process holds the run registry; try again)", file.string());
    default:
        return makeError(ErrorCode::Internal, message, file.string());
    }
}

Status sqliteExecute(sqlite3* db, const char* sql, const std::filesystem::path& file)
{
    char* message = nullptr;
    const int code = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    sqlite3_free(message);
    if (code != SQLITE_OK) {
        return sqliteError(db, code, "run registry", file);
    }
    return okStatus();
}

Result<SqliteStatement> SqliteStatement::prepare(sqlite3* db, const char* sql, const std::filesystem::path& file)
{
    sqlite3_stmt* statement = nullptr;
    const int code = sqlite3_prepare_v2(db, sql, -1, &statement, nullptr);
    if (code != SQLITE_OK) {
        sqlite3_finalize(statement);
        return sqliteError(db, code, "run registry", file);
    }
    return SqliteStatement(db, statement, file);
}

SqliteStatement::SqliteStatement(sqlite3* db, sqlite3_stmt* statement, std::filesystem::path file)
    : m_db(db)
    , m_statement(statement)
    , m_file(std::move(file))
{
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : m_db(other.m_db)
    , m_statement(std::exchange(other.m_statement, nullptr))
    , m_file(std::move(other.m_file))
{
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

void SqliteStatement::bind(int index, const std::string& text)
{
    sqlite3_bind_text(m_statement, index, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::bind(int index, int64_t value)
{
    sqlite3_bind_int64(m_statement, index, value);
}

void SqliteStatement::bind(int index, std::optional<double> value)
{
    if (value) {
        sqlite3_bind_double(m_statement, index, *value);
    } else {
        sqlite3_bind_null(m_statement, index);
    }
}

Result<bool> SqliteStatement::step()
{
    const int code = sqlite3_step(m_statement);
    if (code == SQLITE_ROW) {
        return true;
    }
    if (code == SQLITE_DONE) {
        return false;
    }
    return sqliteError(m_db, code, "run registry", m_file);
}

std::string SqliteStatement::text(int column) const
{
    const auto* value = reinterpret_cast<const char*>(sqlite3_column_text(m_statement, column));
    return value != nullptr ? std::string(value, static_cast<size_t>(sqlite3_column_bytes(m_statement, column)))
                            : std::string();
}

int64_t SqliteStatement::integer(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

std::optional<double> SqliteStatement::real(int column) const
{
    if (sqlite3_column_type(m_statement, column) == SQLITE_NULL) {
        return std::nullopt;
    }
    return sqlite3_column_double(m_statement, column);
}

} // namespace dinolens::core::detail
