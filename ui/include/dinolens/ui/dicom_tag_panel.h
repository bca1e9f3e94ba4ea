#pragma once
// The DICOM tag view: tag, keyword, VR and value of one file (the current slice's), read off the GUI thread,
// with a filter box. Ownership: Qt parent/child. Thread-safety: GUI thread only.

#include <QFutureWatcher>
#include <QWidget>

#include "dinolens/ui/background_jobs.h"

class QLabel;
class QLineEdit;
class QTableWidget;

namespace dinolens::ui {

class DicomTagPanel : public QWidget {
    Q_OBJECT
public:
    explicit DicomTagPanel(QWidget* parent = nullptr);

    /// Shows the tags of `path` (a DICOM file); an empty path or a non-DICOM source shows a note instead.
    void showFile(const QString& path);
    QString currentFile() const { return m_path; }
    int rowCount() const;
    /// The value shown for a keyword ("" when absent), for tests and copy actions.
    QString valueOf(const QString& keyword) const;

Q_SIGNALS:
    void tagsShown(const QString& path);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void onListed(const TagListOutcome& outcome);
    void fitColumns();
    void applyFilter();

    QString m_path;
    QLineEdit* m_filter;
    QLabel* m_note;
    QTableWidget* m_table;
    // A watcher rather than QFuture::then(this, ...): Qt 6.4's context continuation asserts when the context is
    // destroyed before the job ends; a destroyed watcher simply drops the result.
    QFutureWatcher<TagListOutcome> m_watcher;
};

} // namespace dinolens::ui
