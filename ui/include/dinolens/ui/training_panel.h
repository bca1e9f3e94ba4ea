#pragma once
// The training dock: dataset folder, backbone, epochs, batch size, learning rate, resolution, image limit,
// validation split and its image limit, and run folder; Start, Stop and Resume; the state and live curves
// (TrainingPlot). Only gathers the form into a
// TrainingConfig and forwards it to TrainingController.
// Ownership: Qt parent/child; the controller must outlive the panel. Thread-safety: GUI thread only.

#include <QWidget>

#include "dinolens/inference/training_config.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace dinolens::ui {

class TrainingController;
class TrainingPlot;

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    TrainingPanel(TrainingController* controller, QWidget* parent = nullptr);

    /// The form as a training configuration (dataset, backbone, epochs, batch, LR, resolution, image limit).
    inference::TrainingConfig config() const;
    void setDataFolder(const QString& folder);
    void setRunFolder(const QString& folder);
    QString runFolder() const;
    void setEpochs(int epochs);
    void setBatchSize(int batch);
    void setLearningRate(double rate);
    void setResolution(int pixels);
    void setMaxImages(int images);
    /// Split scored after every epoch; empty: no validation.
    void setValidationSplit(const QString& split);
    void setValidationMaxImages(int images);
    TrainingPlot* plot() const { return m_plot; }
    QString stateText() const;

    /// Starts a fresh run / continues the run folder's checkpoint; false when refused (a message is shown).
    bool startTraining();
    bool resumeTraining();

private:
    void layoutWidgets();
    void updateState();
    QLineEdit* m_data;
    QComboBox* m_backbone;
    QSpinBox* m_epochs;
    QSpinBox* m_batch;
    QDoubleSpinBox* m_learningRate;
    QSpinBox* m_resolution;
    QSpinBox* m_maxImages;
    QLineEdit* m_validSplit;
    QSpinBox* m_validMaxImages;
    QLineEdit* m_runFolder;
    QPushButton* m_start;
    QPushButton* m_stop;
    QPushButton* m_resume;
    QLabel* m_state;
    TrainingPlot* m_plot;
    TrainingController* m_controller;
};

} // namespace dinolens::ui
