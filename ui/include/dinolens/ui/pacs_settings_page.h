#pragma once
// Preferences > PACS: the node list (add, edit, remove; a Test button that runs C-ECHO or a QIDO off the GUI thread
// and says what it found), the retrieve cache folder, its size cap and what it holds now (measured off the GUI
// thread). Edits the PACS part of a ViewerSettings value; the dialog saves it on OK.
// Ownership: Qt parent/child. Thread-safety: GUI thread only.

#include <QWidget>

#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/pacs/retrieve_cache.h"
#include "dinolens/ui/background_job.h"
#include "dinolens/ui/viewer_settings.h"

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace dinolens::ui {

class PacsSettingsPage : public QWidget {
    Q_OBJECT
public:
    explicit PacsSettingsPage(const ViewerSettings& settings, QWidget* parent = nullptr);

    /// Writes the page's nodes, cache folder and cap into `settings`.
    void apply(ViewerSettings& settings) const;
    const std::vector<pacs::PacsNode>& nodes() const { return m_nodes; }
    /// Replaces the node at `row` (-1: appends) as the node editor's OK does.
    void setNode(int row, const pacs::PacsNode& node);
    void removeNode(int row);
    /// Tests the node at `row` in the background; testFinished follows.
    void testNode(int row);
    /// The last test's result as shown ("" before any).
    QString testText() const;
    /// The cache-use line as shown.
    QString usageText() const;

Q_SIGNALS:
    void testFinished(bool ok);
    void usageMeasured();

private:
    void rebuildList();
    void editNode(int row);
    void chooseCacheFolder();
    void measureUsage();
    void onTestFinished();
    void onUsageMeasured();
    void updateButtons();

    std::vector<pacs::PacsNode> m_nodes;
    QListWidget* m_list;
    QPushButton* m_edit;
    QPushButton* m_remove;
    QPushButton* m_test;
    QLabel* m_testResult;
    QLineEdit* m_cacheFolder;
    QSpinBox* m_cacheCap;
    QLabel* m_usage;
    QString m_testedNode;
    BackgroundJob<core::Status> m_testJob;
    BackgroundJob<core::Result<pacs::CacheUsage>> m_usageJob;
};

} // namespace dinolens::ui
