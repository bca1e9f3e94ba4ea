#pragma once
// File > Open from PACS: searches a node by patient name (wildcards * and ?), patient ID, birth date, study date
// range, modality and accession number, off the GUI thread; shows the matches as patient > study > series with
// instance counts and descriptions; retrieves the chosen series into the retrieve cache in the background, with
// progress (instances done of the total, MB/s) and Cancel. seriesArriving follows the first instance in place, so
// that the window can show it while the rest arrives; seriesRetrieved or retrieveFailed ends each retrieve.
// The dialog is modeless and outlives its closing (the window keeps it): a retrieve goes on when it is hidden.
// Ownership: Qt parent/child. Thread-safety: GUI thread only.

#include <QDialog>
#include <QElapsedTimer>

#include <vector>

#include "dinolens/pacs/pacs_node.h"
#include "dinolens/ui/background_job.h"
#include "dinolens/ui/pacs_jobs.h"

class QComboBox;
class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace dinolens::ui {

struct PacsSearchFields {
    QString patientName {};
    QString patientId {};
    QString birthDate {}; // YYYYMMDD or ""
    QString studyDateFrom {}; // YYYYMMDD or "" (open)
    QString studyDateTo {};
    QString modality {};
    QString accessionNumber {};
};

/// The query for `fields`: study level, dates as DICOM ranges ("YYYYMMDD-YYYYMMDD", either end open).
pacs::PacsQuery pacsQueryFrom(const PacsSearchFields& fields);

class PacsBrowser : public QDialog {
    Q_OBJECT
public:
    /// Series rows of results() hold, in column 0 under this role, their index into the browser's series list.
    static constexpr int kSeriesMatchRole = Qt::UserRole + 1;

    explicit PacsBrowser(QWidget* parent = nullptr);

    /// The nodes to choose from and where retrieves go (from the preferences).
    void setNodes(const std::vector<pacs::PacsNode>& nodes);
    void setRetrieveSettings(const PacsRetrieveSettings& settings) { m_retrieveSettings = settings; }
    void setFields(const PacsSearchFields& fields);
    PacsSearchFields fields() const;
    /// Searches the chosen node; searchFinished follows.
    void search();
    /// Retrieves the series of the current tree item (a series row, or a study's first series); false when none.
    bool retrieveCurrent();
    /// Retrieves one series of the current node.
    void retrieve(const pacs::PacsMatch& series);
    void cancelRetrieve();
    bool isRetrieving() const { return m_retrieve.isRunning(); }
    QTreeWidget* results() const { return m_results; }
    /// The status line under the results (errors, counts, progress).
    QString statusText() const;
    /// The node the last retrieve came from (the default target of Send to PACS).
    QString lastRetrieveNode() const { return m_retrieveNode; }

Q_SIGNALS:
    void searchFinished(bool ok);
    /// The first instance of a retrieve is in the cache: `seriesFolder` can be opened.
    void seriesArriving(const QString& seriesFolder);
    void seriesRetrieved(const QString& seriesFolder, const QString& summary);
    void retrieveFailed(const QString& message, bool cancelled);
    void progressChanged(int done, int total, double megabytesPerSecond);

private:
    void onSearchFinished();
    void onRetrieveResult(int index);
    void onRetrieveFinished();
    void onRetrieveProgress();
    void showSearchOutcome(const PacsSearchOutcome& outcome);
    /// Adds the study's row under its patient and its series rows; returns how many series.
    int addStudyRows(const PacsStudyMatches& entry);
    QTreeWidgetItem* patientItem(const pacs::PacsMatch& study);
    void setStatus(const QString& text, bool error);
    void updateButtons();
    const pacs::PacsNode* currentNode() const;

    std::vector<pacs::PacsNode> m_nodes;
    std::vector<pacs::PacsMatch> m_seriesMatches; // the series rows of the results, with their study's UIDs
    PacsRetrieveSettings m_retrieveSettings;
    QComboBox* m_node;
    QLineEdit* m_patientName;
    QLineEdit* m_patientId;
    QLineEdit* m_birthDate;
    QLineEdit* m_dateFrom;
    QLineEdit* m_dateTo;
    QComboBox* m_modality;
    QLineEdit* m_accession;
    QPushButton* m_search;
    QTreeWidget* m_results;
    QPushButton* m_retrieveButton;
    QPushButton* m_cancelButton;
    QProgressBar* m_progress;
    QLabel* m_status;
    QString m_retrieveNode;
    QString m_retrieveLabel;
    BackgroundJob<PacsSearchOutcome> m_searchJob;
    BackgroundJob<PacsRetrieveEvent> m_retrieve;
};

} // namespace dinolens::ui
