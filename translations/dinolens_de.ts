<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
</context>
<context>
    <name>SurfaceScene</name>
    <message>
        <source>The 3D view needs OpenGL, and there is no display to create it on (start the viewer in a desktop session, or under xvfb-run).</source>
        <translation>Die 3D-Ansicht benötigt OpenGL, es ist aber keine Anzeige vorhanden, auf der sie erstellt werden kann (den Betrachter in einer Desktop-Sitzung oder unter xvfb-run starten).</translation>
    </message>
    <message>
        <source>The 3D view needs OpenGL 3.2, which this display does not offer.</source>
        <translation>Die 3D-Ansicht benötigt OpenGL 3.2, das diese Anzeige nicht bietet.</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::CompareWindow</name>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>DinoLens - Compare Models</source>
        <translation>DinoLens - Modelle vergleichen</translation>
    </message>
    <message>
        <source>Model A</source>
        <translation>Modell A</translation>
    </message>
    <message>
        <source>Model B</source>
        <translation>Modell B</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#ff8c00&apos;&gt;&amp;#9632;&lt;/span&gt; A only  &lt;span style=&apos;color:#00bcd4&apos;&gt;&amp;#9632;&lt;/span&gt; B only  &lt;span style=&apos;color:#ffeb3b&apos;&gt;&amp;#9632;&lt;/span&gt; both</source>
        <translation>&lt;span style=&apos;color:#ff8c00&apos;&gt;&amp;#9632;&lt;/span&gt; nur A  &lt;span style=&apos;color:#00bcd4&apos;&gt;&amp;#9632;&lt;/span&gt; nur B  &lt;span style=&apos;color:#ffeb3b&apos;&gt;&amp;#9632;&lt;/span&gt; beide</translation>
    </message>
    <message>
        <source>A: %1</source>
        <translation>A: %1</translation>
    </message>
    <message>
        <source>B: %1</source>
        <translation>B: %1</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::DiceStrip</name>
    <message>
        <source>Dice per slice: bars between models A and B, red dots A vs ground truth, green dots B vs ground truth. Click a slice to show it.</source>
        <translation>Dice je Schicht: Balken zwischen Modell A und B, rote Punkte A gegen Referenz, grüne Punkte B gegen Referenz. Eine Schicht anklicken, um sie anzuzeigen.</translation>
    </message>
    <message>
        <source>Compare two models to see the Dice per slice</source>
        <translation>Zwei Modelle vergleichen, um den Dice je Schicht zu sehen</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::DicomTagPanel</name>
    <message>
        <source>Filter tags (keyword, tag or value)</source>
        <translation>Tags filtern (Schlüsselwort, Tag oder Wert)</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation>Schlüsselwort</translation>
    </message>
    <message>
        <source>VR</source>
        <translation>VR</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>Kein Bild</translation>
    </message>
    <message>
        <source>Not a DICOM file: no tags to show.</source>
        <translation>Keine DICOM-Datei: keine Tags anzuzeigen.</translation>
    </message>
    <message>
        <source>Reading tags...</source>
        <translation>Tags werden gelesen...</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::EditPanel</name>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Navigate</source>
        <translation>Navigieren</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>Pinsel</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>Radierer</translation>
    </message>
    <message>
        <source>Polygon</source>
        <translation>Polygon</translation>
    </message>
    <message>
        <source>Brush, eraser and polygon draw with the left button in the view of the stored slices</source>
        <translation>Pinsel, Radierer und Polygon zeichnen mit der linken Maustaste in der Ansicht der Originalschichten</translation>
    </message>
    <message>
        <source> voxels</source>
        <translation> Voxel</translation>
    </message>
    <message>
        <source>Save NIfTI...</source>
        <translation>Als NIfTI speichern...</translation>
    </message>
    <message>
        <source>Save PNG...</source>
        <translation>Als PNG speichern...</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Werkzeug</translation>
    </message>
    <message>
        <source>Radius</source>
        <translation>Radius</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Save Mask as NIfTI</source>
        <translation>Maske als NIfTI speichern</translation>
    </message>
    <message>
        <source>Save Slice Mask as PNG</source>
        <translation>Schichtmaske als PNG speichern</translation>
    </message>
    <message>
        <source>NIfTI (*.nii.gz *.nii)</source>
        <translation>NIfTI (*.nii.gz *.nii)</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG (*.png)</translation>
    </message>
    <message>
        <source>Save DICOM SEG...</source>
        <translation>Als DICOM SEG speichern...</translation>
    </message>
    <message>
        <source>Save the mask as a DICOM Segmentation of the shown DICOM series</source>
        <translation>Die Maske als DICOM-Segmentierung der angezeigten DICOM-Serie speichern</translation>
    </message>
    <message>
        <source>Save Mask as DICOM SEG</source>
        <translation>Maske als DICOM SEG speichern</translation>
    </message>
    <message>
        <source>DICOM (*.dcm)</source>
        <translation>DICOM (*.dcm)</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::FeatureExplorer</name>
    <message>
        <source>Compute Features</source>
        <translation>Merkmale berechnen</translation>
    </message>
    <message>
        <source>DinoLens - Feature Explorer</source>
        <translation>DinoLens - Merkmals-Explorer</translation>
    </message>
    <message>
        <source>Backbone A</source>
        <translation>Backbone A</translation>
    </message>
    <message>
        <source>Backbone B</source>
        <translation>Backbone B</translation>
    </message>
    <message>
        <source>PCA features</source>
        <translation>PCA-Merkmale</translation>
    </message>
    <message>
        <source>Similarity to the clicked patch</source>
        <translation>Ähnlichkeit zum angeklickten Patch</translation>
    </message>
    <message>
        <source>Choose two trained runs and compute their features for this series.</source>
        <translation>Zwei trainierte Läufe wählen und ihre Merkmale für diese Serie berechnen.</translation>
    </message>
    <message>
        <source>Computing the features of every slice with both backbones...</source>
        <translation>Berechne die Merkmale jeder Schicht mit beiden Backbones...</translation>
    </message>
    <message>
        <source>Layer </source>
        <translation>Ebene </translation>
    </message>
    <message>
        <source>Last layer (normed)</source>
        <translation>Letzte Ebene (normiert)</translation>
    </message>
    <message>
        <source>Which transformer layer&apos;s patch features to map; press Compute Features to apply</source>
        <translation>Aus welcher Transformer-Ebene die Patch-Merkmale dargestellt werden; mit „Merkmale berechnen“ anwenden</translation>
    </message>
    <message>
        <source>last layer, normed</source>
        <translation>letzten Ebene, normiert</translation>
    </message>
    <message>
        <source>layer %1 of %2</source>
        <translation>Ebene %1 von %2</translation>
    </message>
    <message>
        <source>Features of the %1. Click a point on any map to see its patch similarity on both backbones.</source>
        <translation>Merkmale der %1. Einen Punkt einer Karte anklicken, um die Patch-Ähnlichkeit in beiden Backbones zu sehen.</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::FeatureImageView</name>
    <message>
        <source>No features yet</source>
        <translation>Noch keine Merkmale</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::HeadlessSession</name>
    <message>
        <source>Cannot create %1</source>
        <translation>%1 kann nicht erstellt werden</translation>
    </message>
    <message>
        <source>Segmentation did not complete: %1</source>
        <translation>Segmentierung nicht abgeschlossen: %1</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Report: %1
Screenshots: %2</source>
        <translation>Bericht: %1
Bildschirmfotos: %2</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::MainWindow</name>
    <message>
        <source>DinoLens</source>
        <translation>DinoLens</translation>
    </message>
    <message>
        <source>Studies</source>
        <translation>Studien</translation>
    </message>
    <message>
        <source>DICOM Tags</source>
        <translation>DICOM-Tags</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>Overlay</translation>
    </message>
    <message>
        <source>&amp;Window/Level</source>
        <translation>&amp;Fenster/Zentrum</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open Files...</source>
        <translation>Dateien ö&amp;ffnen...</translation>
    </message>
    <message>
        <source>Open &amp;Folder...</source>
        <translation>&amp;Ordner öffnen...</translation>
    </message>
    <message>
        <source>Open &amp;Mask...</source>
        <translation>&amp;Maske öffnen...</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Export Screenshot...</source>
        <translation>Bildschirmfoto &amp;exportieren...</translation>
    </message>
    <message>
        <source>&amp;Preferences...</source>
        <translation>&amp;Einstellungen...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Fit All Views</source>
        <translation>Alle Ansichten &amp;einpassen</translation>
    </message>
    <message>
        <source>Show &amp;Overlay</source>
        <translation>&amp;Overlay anzeigen</translation>
    </message>
    <message>
        <source>&amp;Compare Models...</source>
        <translation>Modelle &amp;vergleichen...</translation>
    </message>
    <message>
        <source>Feature &amp;Explorer...</source>
        <translation>Merkmals-&amp;Explorer...</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <source>%1  (W %2, L %3)</source>
        <translation>%1  (W %2, L %3)</translation>
    </message>
    <message>
        <source>(no image)</source>
        <translation>(kein Bild)</translation>
    </message>
    <message>
        <source>Open Images</source>
        <translation>Bilder öffnen</translation>
    </message>
    <message>
        <source>Medical images (*.dcm *.DCM DICOMDIR *.nii *.nii.gz *.hdr *.png *.jpg *.jpeg *.bmp *.tif *.tiff);;All files (*)</source>
        <translation>Medizinische Bilder (*.dcm *.DCM DICOMDIR *.nii *.nii.gz *.hdr *.png *.jpg *.jpeg *.bmp *.tif *.tiff);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>Open Label Mask</source>
        <translation>Labelmaske öffnen</translation>
    </message>
    <message>
        <source>Masks (*.nii *.nii.gz *.txt);;All files (*)</source>
        <translation>Masken (*.nii *.nii.gz *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export Screenshot</source>
        <translation>Bildschirmfoto exportieren</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg)</source>
        <translation>Bilder (*.png *.jpg)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Cannot write the screenshot %1</source>
        <translation>Bildschirmfoto %1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Scanning %1...</source>
        <translation>Durchsuche %1...</translation>
    </message>
    <message>
        <source>Scan cancelled</source>
        <translation>Suche abgebrochen</translation>
    </message>
    <message>
        <source>No images found.</source>
        <translation>Keine Bilder gefunden.</translation>
    </message>
    <message>
        <source>Scan finished</source>
        <translation>Suche beendet</translation>
    </message>
    <message numerus="yes">
        <source>Scan finished; %n file(s) skipped (not images)</source>
        <translation>
            <numerusform>Suche beendet; %n Datei übersprungen (kein Bild)</numerusform>
            <numerusform>Suche beendet; %n Dateien übersprungen (keine Bilder)</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading %1...</source>
        <translation>Lade %1...</translation>
    </message>
    <message>
        <source>Loaded %1 x %2 x %3, %4</source>
        <translation>Geladen: %1 x %2 x %3, %4</translation>
    </message>
    <message>
        <source>Open an image before its mask.</source>
        <translation>Erst ein Bild öffnen, dann seine Maske.</translation>
    </message>
    <message>
        <source>The mask %1 does not match the image size.</source>
        <translation>Die Maske %1 passt nicht zur Bildgröße.</translation>
    </message>
    <message>
        <source>Mask %1</source>
        <translation>Maske %1</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>Segmentation</source>
        <translation>Segmentierung</translation>
    </message>
    <message numerus="yes">
        <source>Segmented %n slice(s)</source>
        <translation>
            <numerusform>%n Schicht segmentiert</numerusform>
            <numerusform>%n Schichten segmentiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>Training fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>%1 kann nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>Save Mask as &amp;NIfTI...</source>
        <translation>Maske als &amp;NIfTI speichern...</translation>
    </message>
    <message>
        <source>Save Mask as &amp;DICOM SEG...</source>
        <translation>Maske als &amp;DICOM SEG speichern...</translation>
    </message>
    <message>
        <source>&amp;3D View</source>
        <translation>&amp;3D-Ansicht</translation>
    </message>
    <message>
        <source>3D</source>
        <translation>3D</translation>
    </message>
    <message>
        <source>Open Sess&amp;ion...</source>
        <translation>S&amp;itzung öffnen...</translation>
    </message>
    <message>
        <source>Open Session</source>
        <translation>Sitzung öffnen</translation>
    </message>
    <message>
        <source>DinoLens sessions (*.dlsession)</source>
        <translation>DinoLens-Sitzungen (*.dlsession)</translation>
    </message>
    <message>
        <source>Save &amp;Session...</source>
        <translation>Sitzung &amp;speichern...</translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation>Sitzung speichern</translation>
    </message>
    <message>
        <source>The session was not written.</source>
        <translation>Die Sitzung wurde nicht gespeichert.</translation>
    </message>
    <message>
        <source>Saved session %1</source>
        <translation>Sitzung %1 gespeichert</translation>
    </message>
    <message>
        <source>Cannot save the session %1: %2</source>
        <translation>Sitzung %1 kann nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>Open a study before saving a session.</source>
        <translation>Erst eine Studie öffnen, dann eine Sitzung speichern.</translation>
    </message>
    <message>
        <source>no study</source>
        <translation>keine Studie</translation>
    </message>
    <message>
        <source>Cannot open the session: %1</source>
        <translation>Sitzung kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>The session&apos;s series was not found in %1; showing the first series.</source>
        <translation>Die Serie der Sitzung wurde in %1 nicht gefunden; die erste Serie wird angezeigt.</translation>
    </message>
    <message>
        <source>Session restored</source>
        <translation>Sitzung wiederhergestellt</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::MaskEditController</name>
    <message>
        <source>There is no mask to save.</source>
        <translation>Es gibt keine Maske zum Speichern.</translation>
    </message>
    <message>
        <source>DICOM SEG needs a DICOM series; save NIfTI for this image.</source>
        <translation>DICOM SEG erfordert eine DICOM-Serie; für dieses Bild als NIfTI speichern.</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::OverlayPanel</name>
    <message>
        <source>Show overlay (O)</source>
        <translation>Overlay anzeigen (O)</translation>
    </message>
    <message>
        <source>Filled</source>
        <translation>Gefüllt</translation>
    </message>
    <message>
        <source>Outline</source>
        <translation>Umriss</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>Stil</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Deckkraft</translation>
    </message>
    <message>
        <source>No label mask. Open one with File &gt; Open Mask (Ctrl+M).</source>
        <translation>Keine Labelmaske. Öffnen mit Datei &gt; Maske öffnen (Strg+M).</translation>
    </message>
    <message>
        <source>%1 slice: %2 mm²
Volume: %3 mL</source>
        <translation>%1 Schicht: %2 mm²
Volumen: %3 mL</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>Vorhersage</translation>
    </message>
    <message>
        <source>Label mask</source>
        <translation>Labelmaske</translation>
    </message>
    <message>
        <source>%1 (%2 x %3 x %4)</source>
        <translation>%1 (%2 x %3 x %4)</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::SegmentationController</name>
    <message>
        <source>No segmentation model is configured. Add a trained run folder in the Segmentation panel or in File &gt; Preferences.</source>
        <translation>Kein Segmentierungsmodell eingerichtet. Fügen Sie im Segmentierungsbereich oder unter Datei &gt; Einstellungen einen trainierten Ordner hinzu.</translation>
    </message>
    <message>
        <source>The model in %1 cannot be used: %2</source>
        <translation>Das Modell in %1 ist nicht verwendbar: %2</translation>
    </message>
    <message>
        <source>Segmentation failed: %1</source>
        <translation>Segmentierung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>CUDA was chosen in Preferences, but this build of LibTorch has no CUDA or no NVIDIA GPU is present: the model runs on the CPU.</source>
        <translation>In den Einstellungen ist CUDA gewählt, aber dieses LibTorch hat kein CUDA oder es ist keine NVIDIA-GPU vorhanden: Das Modell läuft auf der CPU.</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::SegmentationPanel</name>
    <message>
        <source>Idle</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Loading the model...</source>
        <translation>Modell wird geladen...</translation>
    </message>
    <message>
        <source>Segmenting...</source>
        <translation>Segmentiere...</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation>Wird abgebrochen...</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Add a trained run folder (or a folder of runs) to the model list</source>
        <translation>Einen Trainingsordner (oder einen Ordner mit mehreren Läufen) zur Modellliste hinzufügen</translation>
    </message>
    <message>
        <source>Segment the slice under the cursor (Ctrl+G)</source>
        <translation>Die Schicht unter dem Mauszeiger segmentieren (Strg+G)</translation>
    </message>
    <message>
        <source>Segment every slice of the series (Ctrl+Shift+G)</source>
        <translation>Alle Schichten der Serie segmentieren (Strg+Umschalt+G)</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>Vorhersage</translation>
    </message>
    <message>
        <source>Ground truth</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>Overlay</translation>
    </message>
    <message>
        <source>(no model: add a run folder)</source>
        <translation>(kein Modell: Trainingsordner hinzufügen)</translation>
    </message>
    <message>
        <source>Add Model Folder</source>
        <translation>Modellordner hinzufügen</translation>
    </message>
    <message>
        <source>No prediction yet.</source>
        <translation>Noch keine Vorhersage.</translation>
    </message>
    <message>
        <source>No ground truth to compare with.</source>
        <translation>Keine Referenz zum Vergleich.</translation>
    </message>
    <message>
        <source>Dice vs ground truth
slice %1: %2
segmented slices (%3): %4</source>
        <translation>Dice gegen Referenz
Schicht %1: %2
segmentierte Schichten (%3): %4</translation>
    </message>
    <message>
        <source>Slice</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Serie</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Segmentieren</translation>
    </message>
    <message>
        <source>Predicted tumour volume: %1 mL (areas per slice: Overlay panel)</source>
        <translation>Vorhergesagtes Tumorvolumen: %1 mL (Flächen je Schicht: Overlay-Bereich)</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::SettingsDialog</name>
    <message>
        <source>Smooth (bilinear) display scaling</source>
        <translation>Glatte (bilineare) Skalierung</translation>
    </message>
    <message>
        <source>Filled regions (else outlines)</source>
        <translation>Gefüllte Bereiche (sonst Umrisse)</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Applies the next time DinoLens starts</source>
        <translation>Gilt ab dem nächsten Start von DinoLens</translation>
    </message>
    <message>
        <source>One per core</source>
        <translation>Einer pro Kern</translation>
    </message>
    <message>
        <source>One trained run folder (or folder of runs) per line</source>
        <translation>Ein Trainingsordner (oder Ordner mit mehreren Läufen) pro Zeile</translation>
    </message>
    <message>
        <source>Overlay opacity</source>
        <translation>Overlay-Deckkraft</translation>
    </message>
    <message>
        <source>Thumbnail size</source>
        <translation>Vorschaugröße</translation>
    </message>
    <message>
        <source>Recent files kept</source>
        <translation>Gemerkte Dateien</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Model threads</source>
        <translation>Modell-Threads</translation>
    </message>
    <message>
        <source>Model folders</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA (NVIDIA GPU)</source>
        <translation>CUDA (NVIDIA-GPU)</translation>
    </message>
    <message>
        <source>Backbones run on the GPU; the small segmentation head stays on the CPU</source>
        <translation>Backbones laufen auf der GPU; der kleine Segmentierungskopf bleibt auf der CPU</translation>
    </message>
    <message>
        <source>This build of LibTorch has no CUDA or no NVIDIA GPU is present: models run on the CPU, and the window says so</source>
        <translation>Dieses LibTorch hat kein CUDA oder es ist keine NVIDIA-GPU vorhanden: Modelle laufen auf der CPU, und das Fenster weist darauf hin</translation>
    </message>
    <message>
        <source>Compute device</source>
        <translation>Rechengerät</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard and Mouse Shortcuts</source>
        <translation>Tastatur- und Mauskürzel</translation>
    </message>
    <message>
        <source>Ctrl+O</source>
        <translation>Strg+O</translation>
    </message>
    <message>
        <source>Open files</source>
        <translation>Dateien öffnen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Strg+Umschalt+O</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>Ctrl+M</source>
        <translation>Strg+M</translation>
    </message>
    <message>
        <source>Open label mask</source>
        <translation>Labelmaske öffnen</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Strg+E</translation>
    </message>
    <message>
        <source>Export screenshot of the active view</source>
        <translation>Bildschirmfoto der aktiven Ansicht exportieren</translation>
    </message>
    <message>
        <source>Wheel, Up / Down</source>
        <translation>Mausrad, Pfeil hoch / runter</translation>
    </message>
    <message>
        <source>Next / previous slice</source>
        <translation>Nächste / vorherige Schicht</translation>
    </message>
    <message>
        <source>Page Up / Page Down</source>
        <translation>Bild auf / Bild ab</translation>
    </message>
    <message>
        <source>Jump 10% of the slices</source>
        <translation>Um 10 % der Schichten springen</translation>
    </message>
    <message>
        <source>Home / End</source>
        <translation>Pos1 / Ende</translation>
    </message>
    <message>
        <source>First / last slice</source>
        <translation>Erste / letzte Schicht</translation>
    </message>
    <message>
        <source>Ctrl+Wheel</source>
        <translation>Strg+Mausrad</translation>
    </message>
    <message>
        <source>Zoom at the mouse cursor</source>
        <translation>Am Mauszeiger zoomen</translation>
    </message>
    <message>
        <source>F</source>
        <translation>F</translation>
    </message>
    <message>
        <source>Fit the view to the window</source>
        <translation>Ansicht in das Fenster einpassen</translation>
    </message>
    <message>
        <source>Left click / drag</source>
        <translation>Linksklick / Ziehen</translation>
    </message>
    <message>
        <source>Move the linked crosshair</source>
        <translation>Verknüpftes Fadenkreuz verschieben</translation>
    </message>
    <message>
        <source>Right drag</source>
        <translation>Ziehen mit rechter Maustaste</translation>
    </message>
    <message>
        <source>Window (horizontal) and level (vertical)</source>
        <translation>Fensterbreite (horizontal) und Fensterzentrum (vertikal)</translation>
    </message>
    <message>
        <source>Middle drag</source>
        <translation>Ziehen mit mittlerer Maustaste</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <source>1 ... 5</source>
        <translation>1 ... 5</translation>
    </message>
    <message>
        <source>Window presets (default, then MRI presets)</source>
        <translation>Fensterungsvorgaben (Standard, dann MRT-Vorgaben)</translation>
    </message>
    <message>
        <source>O</source>
        <translation>O</translation>
    </message>
    <message>
        <source>Show / hide the overlay</source>
        <translation>Overlay ein-/ausblenden</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Cancel the running job</source>
        <translation>Laufenden Vorgang abbrechen</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>This help</source>
        <translation>Diese Hilfe</translation>
    </message>
    <message>
        <source>Key / mouse</source>
        <translation>Taste / Maus</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Ctrl+G / Ctrl+Shift+G</source>
        <translation>Strg+G / Strg+Umschalt+G</translation>
    </message>
    <message>
        <source>Segment the slice / the series</source>
        <translation>Schicht / Serie segmentieren</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Strg+K</translation>
    </message>
    <message>
        <source>Compare two models</source>
        <translation>Zwei Modelle vergleichen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Strg+Umschalt+E</translation>
    </message>
    <message>
        <source>Feature explorer</source>
        <translation>Merkmals-Explorer</translation>
    </message>
    <message>
        <source>Ctrl+Z / Ctrl+Shift+Z</source>
        <translation>Strg+Z / Strg+Umschalt+Z</translation>
    </message>
    <message>
        <source>Undo / redo a mask edit</source>
        <translation>Maskenbearbeitung rückgängig machen / wiederholen</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::SliceView</name>
    <message>
        <source>%1
Open a study (Ctrl+O) or drop files here</source>
        <translation>%1
Studie öffnen (Strg+O) oder Dateien hierher ziehen</translation>
    </message>
    <message>
        <source>%1  %2 / %3
Zoom %4%</source>
        <translation>%1  %2 / %3
Zoom %4%</translation>
    </message>
    <message>
        <source>loading %1 slices...</source>
        <translation>%1 Schichten werden geladen...</translation>
    </message>
    <message>
        <source>W %1  L %2  (%3)</source>
        <translation>W %1  L %2  (%3)</translation>
    </message>
    <message>
        <source>[%1, %2, %3] = %4   LPS (%5, %6, %7) mm</source>
        <translation>[%1, %2, %3] = %4   LPS (%5, %6, %7) mm</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::StudyModel</name>
    <message>
        <source>(no name)</source>
        <translation>(kein Name)</translation>
    </message>
    <message>
        <source>(no date)</source>
        <translation>(kein Datum)</translation>
    </message>
    <message>
        <source>Study</source>
        <translation>Studie</translation>
    </message>
    <message numerus="yes">
        <source>%1 %2 %3
%n image(s)</source>
        <translation>
            <numerusform>%1 %2 %3
%n Bild</numerusform>
            <numerusform>%1 %2 %3
%n Bilder</numerusform>
        </translation>
    </message>
    <message>
        <source>Patient / study / series</source>
        <translation>Patient / Studie / Serie</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::SurfaceView</name>
    <message>
        <source>Open a study to see it in 3D.</source>
        <translation>Eine Studie öffnen, um sie in 3D zu sehen.</translation>
    </message>
    <message>
        <source>Building surfaces...</source>
        <translation>Oberflächen werden erstellt...</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::TrainingController</name>
    <message>
        <source>Epoch %1, step %2 / %3: loss %4</source>
        <translation>Epoche %1, Schritt %2 / %3: Verlust %4</translation>
    </message>
    <message>
        <source>%1: %2 / %3</source>
        <translation>%1: %2 / %3</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::TrainingPanel</name>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>A snapshot folder of a DINOv2/DINOv3 checkpoint, or random weights for a smoke run</source>
        <translation>Ein Snapshot-Ordner eines DINOv2/DINOv3-Checkpoints oder zufällige Gewichte für einen Smoke-Test-Lauf</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Dataset Folder</source>
        <translation>Datensatzordner</translation>
    </message>
    <message>
        <source>Backbone</source>
        <translation>Backbone</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>LR</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Run folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <source>Run Folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <source>Ready to train.</source>
        <translation>Bereit zum Training.</translation>
    </message>
    <message>
        <source>Training: %1</source>
        <translation>Training: %1</translation>
    </message>
    <message>
        <source>Stopping after the current batch...</source>
        <translation>Stoppt nach dem aktuellen Batch...</translation>
    </message>
    <message>
        <source>Stopped; Resume continues from the last epoch.</source>
        <translation>Gestoppt; Fortsetzen macht bei der letzten Epoche weiter.</translation>
    </message>
    <message>
        <source>Finished: %1</source>
        <translation>Fertig: %1</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>Training fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Dataset split scored after every epoch (validation loss and Dice); empty: none</source>
        <translation>Datensatz-Teil, der nach jeder Epoche bewertet wird (Validierungsverlust und Dice); leer: keine Validierung</translation>
    </message>
    <message>
        <source>Validate on the first images of the split only</source>
        <translation>Nur auf den ersten Bildern des Teils validieren</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Validierung</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::TrainingPlot</name>
    <message>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>loss (steps)</source>
        <translation>Verlust (Schritte)</translation>
    </message>
    <message>
        <source>loss (epochs)</source>
        <translation>Verlust (Epochen)</translation>
    </message>
    <message>
        <source>previous run (steps)</source>
        <translation>vorheriger Lauf (Schritte)</translation>
    </message>
    <message>
        <source>previous run (epochs)</source>
        <translation>vorheriger Lauf (Epochen)</translation>
    </message>
    <message>
        <source>Dice</source>
        <translation>Dice</translation>
    </message>
    <message>
        <source>Solid: training. Dashed: validation. Faint dotted: the previous run.</source>
        <translation>Durchgezogen: Training. Gestrichelt: Validierung. Blass gepunktet: der vorherige Lauf.</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>Validierungsverlust</translation>
    </message>
    <message>
        <source>previous run (validation)</source>
        <translation>vorheriger Lauf (Validierung)</translation>
    </message>
    <message>
        <source>training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>Validierung</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Brain MRI viewer</source>
        <translation>Betrachter für Gehirn-MRT</translation>
    </message>
    <message>
        <source>Label mask to overlay (NIfTI or .txt).</source>
        <translation>Überlagerte Labelmaske (NIfTI oder .txt).</translation>
    </message>
    <message>
        <source>Without a display: segment and compare, write screenshots and a report.</source>
        <translation>Ohne Bildschirm: segmentieren, vergleichen, Bildschirmfotos und Bericht schreiben.</translation>
    </message>
    <message>
        <source>Trained run folder (model A).</source>
        <translation>Trainierter Ordner (Modell A).</translation>
    </message>
    <message>
        <source>Second run folder to compare (model B).</source>
        <translation>Zweiter Ordner zum Vergleich (Modell B).</translation>
    </message>
    <message>
        <source>Folders, DICOMDIR, DICOM, NIfTI or image files.</source>
        <translation>Ordner, DICOMDIR, DICOM-, NIfTI- oder Bilddateien.</translation>
    </message>
</context>
</TS>
