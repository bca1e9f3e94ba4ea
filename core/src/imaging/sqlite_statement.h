#pragma once
// Private: a thin RAII layer over SQLite's C API for the run registry: a prepared statement with typed binds and
// columns, and SQLite result codes turned into core::Error.

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "dinolens/core/result.h"

namespace dinolens::core::detail {

/// Maps a SQLite result code to our error codes: damaged or foreign files are InvalidFormat, IO, permission,
/// full disk and lock time-outs Unwritable, the rest Internal.
Error sqliteError(sqlite3* db, int code, const std::string& what, const std::filesystem::path& file);

/// Runs statements without results (schema, pragmas, transactions).
Status sqliteExecute(sqlite3* db, const char* sql, const std::filesystem::path& file);

class SqliteStatement {
public:
    /// Errors as sqliteError.
    static Result<SqliteStatement> prepare(sqlite3* db, const char* sql, const std::filesystem::path& file);

    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement& operator=(SqliteStatement&& other) = delete;
    ~SqliteStatement();

    // Parameters are 1-based, as in SQLite.
    void bind(int index, const std::string& text);
    void bind(int index, int64_t value);
    void bind(int index, std::optional<double> value); // NULL when empty

    /// true: a row is ready; false: done. Errors as sqliteError.
    Result<bool> step();

    // Columns are 0-based, as in SQLite.
    std::string text(int column) const;
    int64_t integer(int column) const;
    std::optional<double> real(int column) const; // empty for NULL

private:
    SqliteStatement(sqlite3* db, sqlite3_stmt* statement, std::filesystem::path file);
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_statement = nullptr;
    std::filesystem::path m_file;
};

} // namespace dinolens::core::detail
