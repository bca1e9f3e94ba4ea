<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <source>epoch</source>
        <translation>époque</translation>
    </message>
</context>
<context>
    <name>SurfaceScene</name>
    <message>
        <source>The 3D view needs OpenGL, and there is no display to create it on (start the viewer in a desktop session, or under xvfb-run).</source>
        <translation>La vue 3D nécessite OpenGL, mais aucun affichage n&apos;est disponible pour la créer (lancez la visionneuse dans une session de bureau, ou sous xvfb-run).</translation>
    </message>
    <message>
        <source>The 3D view needs OpenGL 3.2, which this display does not offer.</source>
        <translation>La vue 3D nécessite OpenGL 3.2, que cet affichage ne prend pas en charge.</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::CompareWindow</name>
    <message>
        <source>Compare</source>
        <translation>Comparer</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>DinoLens - Compare Models</source>
        <translation>DinoLens - Comparer des modèles</translation>
    </message>
    <message>
        <source>Model A</source>
        <translation>Modèle A</translation>
    </message>
    <message>
        <source>Model B</source>
        <translation>Modèle B</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#ff8c00&apos;&gt;&amp;#9632;&lt;/span&gt; A only  &lt;span style=&apos;color:#00bcd4&apos;&gt;&amp;#9632;&lt;/span&gt; B only  &lt;span style=&apos;color:#ffeb3b&apos;&gt;&amp;#9632;&lt;/span&gt; both</source>
        <translation>&lt;span style=&apos;color:#ff8c00&apos;&gt;&amp;#9632;&lt;/span&gt; A seul  &lt;span style=&apos;color:#00bcd4&apos;&gt;&amp;#9632;&lt;/span&gt; B seul  &lt;span style=&apos;color:#ffeb3b&apos;&gt;&amp;#9632;&lt;/span&gt; les deux</translation>
    </message>
    <message>
        <source>A: %1</source>
        <translation>A : %1</translation>
    </message>
    <message>
        <source>B: %1</source>
        <translation>B : %1</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::DiceStrip</name>
    <message>
        <source>Dice per slice: bars between models A and B, red dots A vs ground truth, green dots B vs ground truth. Click a slice to show it.</source>
        <translation>Dice par coupe : barres entre les modèles A et B, points rouges A contre la vérité terrain, points verts B contre la vérité terrain. Cliquez sur une coupe pour l&apos;afficher.</translation>
    </message>
    <message>
        <source>Compare two models to see the Dice per slice</source>
        <translation>Comparez deux modèles pour voir le Dice par coupe</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::DicomTagPanel</name>
    <message>
        <source>Filter tags (keyword, tag or value)</source>
        <translation>Filtrer les balises (mot-clé, balise ou valeur)</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Balise</translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation>Mot-clé</translation>
    </message>
    <message>
        <source>VR</source>
        <translation>VR</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>Aucune image</translation>
    </message>
    <message>
        <source>Not a DICOM file: no tags to show.</source>
        <translation>Pas un fichier DICOM : aucune balise à afficher.</translation>
    </message>
    <message>
        <source>Reading tags...</source>
        <translation>Lecture des balises...</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::EditPanel</name>
    <message>
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Rétablir</translation>
    </message>
    <message>
        <source>Navigate</source>
        <translation>Naviguer</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>Pinceau</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>Gomme</translation>
    </message>
    <message>
        <source>Polygon</source>
        <translation>Polygone</translation>
    </message>
    <message>
        <source>Brush, eraser and polygon draw with the left button in the view of the stored slices</source>
        <translation>Le pinceau, la gomme et le polygone dessinent avec le bouton gauche dans la vue des coupes natives</translation>
    </message>
    <message>
        <source> voxels</source>
        <translation> voxels</translation>
    </message>
    <message>
        <source>Save NIfTI...</source>
        <translation>Enregistrer en NIfTI...</translation>
    </message>
    <message>
        <source>Save PNG...</source>
        <translation>Enregistrer en PNG...</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Outil</translation>
    </message>
    <message>
        <source>Radius</source>
        <translation>Rayon</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <source>Save Mask as NIfTI</source>
        <translation>Enregistrer le masque en NIfTI</translation>
    </message>
    <message>
        <source>Save Slice Mask as PNG</source>
        <translation>Enregistrer le masque de la coupe en PNG</translation>
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
        <translation>Enregistrer en DICOM SEG...</translation>
    </message>
    <message>
        <source>Save the mask as a DICOM Segmentation of the shown DICOM series</source>
        <translation>Enregistrer le masque comme segmentation DICOM de la série DICOM affichée</translation>
    </message>
    <message>
        <source>Save Mask as DICOM SEG</source>
        <translation>Enregistrer le masque en DICOM SEG</translation>
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
        <translation>Calculer les caractéristiques</translation>
    </message>
    <message>
        <source>DinoLens - Feature Explorer</source>
        <translation>DinoLens - Explorateur de caractéristiques</translation>
    </message>
    <message>
        <source>Backbone A</source>
        <translation>Réseau A</translation>
    </message>
    <message>
        <source>Backbone B</source>
        <translation>Réseau B</translation>
    </message>
    <message>
        <source>PCA features</source>
        <translation>Caractéristiques ACP</translation>
    </message>
    <message>
        <source>Similarity to the clicked patch</source>
        <translation>Similarité avec le patch cliqué</translation>
    </message>
    <message>
        <source>Choose two trained runs and compute their features for this series.</source>
        <translation>Choisissez deux runs entraînés et calculez leurs caractéristiques pour cette série.</translation>
    </message>
    <message>
        <source>Computing the features of every slice with both backbones...</source>
        <translation>Calcul des caractéristiques de chaque coupe avec les deux réseaux...</translation>
    </message>
    <message>
        <source>Layer </source>
        <translation>Couche </translation>
    </message>
    <message>
        <source>Last layer (normed)</source>
        <translation>Dernière couche (normalisée)</translation>
    </message>
    <message>
        <source>Which transformer layer&apos;s patch features to map; press Compute Features to apply</source>
        <translation>Couche du transformeur dont les caractéristiques de patch sont affichées ; appliquer avec « Calculer les caractéristiques »</translation>
    </message>
    <message>
        <source>last layer, normed</source>
        <translation>dernière couche, normalisée</translation>
    </message>
    <message>
        <source>layer %1 of %2</source>
        <translation>couche %1 sur %2</translation>
    </message>
    <message>
        <source>Features of the %1. Click a point on any map to see its patch similarity on both backbones.</source>
        <translation>Caractéristiques de la %1. Cliquez sur un point d&apos;une carte pour voir la similarité de son patch dans les deux réseaux.</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::FeatureImageView</name>
    <message>
        <source>No features yet</source>
        <translation>Pas encore de caractéristiques</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::HeadlessSession</name>
    <message>
        <source>Cannot create %1</source>
        <translation>Impossible de créer %1</translation>
    </message>
    <message>
        <source>Segmentation did not complete: %1</source>
        <translation>La segmentation n&apos;a pas abouti : %1</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>Impossible d&apos;écrire %1</translation>
    </message>
    <message>
        <source>Report: %1
Screenshots: %2</source>
        <translation>Rapport : %1
Captures : %2</translation>
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
        <translation>Études</translation>
    </message>
    <message>
        <source>DICOM Tags</source>
        <translation>Balises DICOM</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>Superposition</translation>
    </message>
    <message>
        <source>&amp;Window/Level</source>
        <translation>&amp;Fenêtre/Niveau</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Raccourcis clavier</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Open Files...</source>
        <translation>&amp;Ouvrir des fichiers...</translation>
    </message>
    <message>
        <source>Open &amp;Folder...</source>
        <translation>Ouvrir un &amp;dossier...</translation>
    </message>
    <message>
        <source>Open &amp;Mask...</source>
        <translation>Ouvrir un &amp;masque...</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Fichiers &amp;récents</translation>
    </message>
    <message>
        <source>&amp;Export Screenshot...</source>
        <translation>&amp;Exporter une capture...</translation>
    </message>
    <message>
        <source>&amp;Preferences...</source>
        <translation>&amp;Préférences...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Fit All Views</source>
        <translation>&amp;Ajuster toutes les vues</translation>
    </message>
    <message>
        <source>Show &amp;Overlay</source>
        <translation>Afficher la &amp;superposition</translation>
    </message>
    <message>
        <source>&amp;Compare Models...</source>
        <translation>&amp;Comparer des modèles...</translation>
    </message>
    <message>
        <source>Feature &amp;Explorer...</source>
        <translation>&amp;Explorateur de caractéristiques...</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>Vider la liste</translation>
    </message>
    <message>
        <source>%1  (W %2, L %3)</source>
        <translation>%1  (W %2, L %3)</translation>
    </message>
    <message>
        <source>(no image)</source>
        <translation>(aucune image)</translation>
    </message>
    <message>
        <source>Open Images</source>
        <translation>Ouvrir des images</translation>
    </message>
    <message>
        <source>Medical images (*.dcm *.DCM DICOMDIR *.nii *.nii.gz *.hdr *.png *.jpg *.jpeg *.bmp *.tif *.tiff);;All files (*)</source>
        <translation>Images médicales (*.dcm *.DCM DICOMDIR *.nii *.nii.gz *.hdr *.png *.jpg *.jpeg *.bmp *.tif *.tiff);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>Ouvrir un dossier</translation>
    </message>
    <message>
        <source>Open Label Mask</source>
        <translation>Ouvrir un masque</translation>
    </message>
    <message>
        <source>Masks (*.nii *.nii.gz *.txt);;All files (*)</source>
        <translation>Masques (*.nii *.nii.gz *.txt);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Export Screenshot</source>
        <translation>Exporter une capture</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg)</source>
        <translation>Images (*.png *.jpg)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 enregistré</translation>
    </message>
    <message>
        <source>Cannot write the screenshot %1</source>
        <translation>Impossible d&apos;écrire la capture %1</translation>
    </message>
    <message>
        <source>Scanning %1...</source>
        <translation>Analyse de %1...</translation>
    </message>
    <message>
        <source>Scan cancelled</source>
        <translation>Analyse annulée</translation>
    </message>
    <message>
        <source>No images found.</source>
        <translation>Aucune image trouvée.</translation>
    </message>
    <message>
        <source>Scan finished</source>
        <translation>Analyse terminée</translation>
    </message>
    <message numerus="yes">
        <source>Scan finished; %n file(s) skipped (not images)</source>
        <translation>
            <numerusform>Analyse terminée ; %n fichier ignoré (pas une image)</numerusform>
            <numerusform>Analyse terminée ; %n fichiers ignorés (pas des images)</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading %1...</source>
        <translation>Chargement de %1...</translation>
    </message>
    <message>
        <source>Loaded %1 x %2 x %3, %4</source>
        <translation>Chargé : %1 x %2 x %3, %4</translation>
    </message>
    <message>
        <source>Open an image before its mask.</source>
        <translation>Ouvrez une image avant son masque.</translation>
    </message>
    <message>
        <source>The mask %1 does not match the image size.</source>
        <translation>Le masque %1 ne correspond pas à la taille de l&apos;image.</translation>
    </message>
    <message>
        <source>Mask %1</source>
        <translation>Masque %1</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Erreur : %1</translation>
    </message>
    <message>
        <source>Segmentation</source>
        <translation>Segmentation</translation>
    </message>
    <message numerus="yes">
        <source>Segmented %n slice(s)</source>
        <translation>
            <numerusform>%n coupe segmentée</numerusform>
            <numerusform>%n coupes segmentées</numerusform>
        </translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Entraînement</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>Échec de l&apos;entraînement : %1</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Édition</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>Impossible d&apos;enregistrer %1 : %2</translation>
    </message>
    <message>
        <source>Save Mask as &amp;NIfTI...</source>
        <translation>Enregistrer le masque en &amp;NIfTI...</translation>
    </message>
    <message>
        <source>Save Mask as &amp;DICOM SEG...</source>
        <translation>Enregistrer le masque en DI&amp;COM SEG...</translation>
    </message>
    <message>
        <source>&amp;3D View</source>
        <translation>Vue &amp;3D</translation>
    </message>
    <message>
        <source>3D</source>
        <translation>3D</translation>
    </message>
    <message>
        <source>Open Sess&amp;ion...</source>
        <translation>Ouvrir une sess&amp;ion...</translation>
    </message>
    <message>
        <source>Open Session</source>
        <translation>Ouvrir une session</translation>
    </message>
    <message>
        <source>DinoLens sessions (*.dlsession)</source>
        <translation>Sessions DinoLens (*.dlsession)</translation>
    </message>
    <message>
        <source>Save &amp;Session...</source>
        <translation>Enregistrer la &amp;session...</translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation>Enregistrer la session</translation>
    </message>
    <message>
        <source>The session was not written.</source>
        <translation>La session n&apos;a pas été enregistrée.</translation>
    </message>
    <message>
        <source>Saved session %1</source>
        <translation>Session %1 enregistrée</translation>
    </message>
    <message>
        <source>Cannot save the session %1: %2</source>
        <translation>Impossible d&apos;enregistrer la session %1 : %2</translation>
    </message>
    <message>
        <source>Open a study before saving a session.</source>
        <translation>Ouvrez une étude avant d&apos;enregistrer une session.</translation>
    </message>
    <message>
        <source>no study</source>
        <translation>aucune étude</translation>
    </message>
    <message>
        <source>Cannot open the session: %1</source>
        <translation>Impossible d&apos;ouvrir la session : %1</translation>
    </message>
    <message>
        <source>The session&apos;s series was not found in %1; showing the first series.</source>
        <translation>La série de la session est introuvable dans %1 ; affichage de la première série.</translation>
    </message>
    <message>
        <source>Session restored</source>
        <translation>Session restaurée</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::MaskEditController</name>
    <message>
        <source>There is no mask to save.</source>
        <translation>Aucun masque à enregistrer.</translation>
    </message>
    <message>
        <source>DICOM SEG needs a DICOM series; save NIfTI for this image.</source>
        <translation>DICOM SEG nécessite une série DICOM ; pour cette image, enregistrez en NIfTI.</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::OverlayPanel</name>
    <message>
        <source>Show overlay (O)</source>
        <translation>Afficher la superposition (O)</translation>
    </message>
    <message>
        <source>Filled</source>
        <translation>Rempli</translation>
    </message>
    <message>
        <source>Outline</source>
        <translation>Contour</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>Style</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Opacité</translation>
    </message>
    <message>
        <source>No label mask. Open one with File &gt; Open Mask (Ctrl+M).</source>
        <translation>Aucun masque. Ouvrez-en un avec Fichier &gt; Ouvrir un masque (Ctrl+M).</translation>
    </message>
    <message>
        <source>%1 slice: %2 mm²
Volume: %3 mL</source>
        <translation>Coupe %1 : %2 mm²
Volume : %3 mL</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>Prédiction</translation>
    </message>
    <message>
        <source>Label mask</source>
        <translation>Masque</translation>
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
        <translation>Aucun modèle de segmentation configuré. Ajoutez un dossier d&apos;entraînement dans le panneau Segmentation ou dans Fichier &gt; Préférences.</translation>
    </message>
    <message>
        <source>The model in %1 cannot be used: %2</source>
        <translation>Le modèle de %1 est inutilisable : %2</translation>
    </message>
    <message>
        <source>Segmentation failed: %1</source>
        <translation>Échec de la segmentation : %1</translation>
    </message>
    <message>
        <source>CUDA was chosen in Preferences, but this build of LibTorch has no CUDA or no NVIDIA GPU is present: the model runs on the CPU.</source>
        <translation>CUDA est choisi dans les préférences, mais cette version de LibTorch n&apos;a pas CUDA ou aucun GPU NVIDIA n&apos;est présent : le modèle s&apos;exécute sur le CPU.</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::SegmentationPanel</name>
    <message>
        <source>Idle</source>
        <translation>Inactif</translation>
    </message>
    <message>
        <source>Loading the model...</source>
        <translation>Chargement du modèle...</translation>
    </message>
    <message>
        <source>Segmenting...</source>
        <translation>Segmentation en cours...</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation>Annulation...</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Add a trained run folder (or a folder of runs) to the model list</source>
        <translation>Ajouter un dossier d&apos;entraînement (ou un dossier de runs) à la liste des modèles</translation>
    </message>
    <message>
        <source>Segment the slice under the cursor (Ctrl+G)</source>
        <translation>Segmenter la coupe sous le curseur (Ctrl+G)</translation>
    </message>
    <message>
        <source>Segment every slice of the series (Ctrl+Shift+G)</source>
        <translation>Segmenter toutes les coupes de la série (Ctrl+Maj+G)</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>Prédiction</translation>
    </message>
    <message>
        <source>Ground truth</source>
        <translation>Vérité terrain</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>Superposition</translation>
    </message>
    <message>
        <source>(no model: add a run folder)</source>
        <translation>(aucun modèle : ajoutez un dossier d&apos;entraînement)</translation>
    </message>
    <message>
        <source>Add Model Folder</source>
        <translation>Ajouter un dossier de modèles</translation>
    </message>
    <message>
        <source>No prediction yet.</source>
        <translation>Pas encore de prédiction.</translation>
    </message>
    <message>
        <source>No ground truth to compare with.</source>
        <translation>Aucune vérité terrain pour comparer.</translation>
    </message>
    <message>
        <source>Dice vs ground truth
slice %1: %2
segmented slices (%3): %4</source>
        <translation>Dice contre la vérité terrain
coupe %1 : %2
coupes segmentées (%3) : %4</translation>
    </message>
    <message>
        <source>Slice</source>
        <translation>Coupe</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Série</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Segmenter</translation>
    </message>
    <message>
        <source>Predicted tumour volume: %1 mL (areas per slice: Overlay panel)</source>
        <translation>Volume tumoral prédit : %1 mL (surfaces par coupe : panneau Superposition)</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::SettingsDialog</name>
    <message>
        <source>Smooth (bilinear) display scaling</source>
        <translation>Mise à l&apos;échelle lissée (bilinéaire)</translation>
    </message>
    <message>
        <source>Filled regions (else outlines)</source>
        <translation>Régions remplies (sinon contours)</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Préférences</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>Applies the next time DinoLens starts</source>
        <translation>S&apos;applique au prochain démarrage de DinoLens</translation>
    </message>
    <message>
        <source>One per core</source>
        <translation>Un par cœur</translation>
    </message>
    <message>
        <source>One trained run folder (or folder of runs) per line</source>
        <translation>Un dossier d&apos;entraînement (ou dossier de runs) par ligne</translation>
    </message>
    <message>
        <source>Overlay opacity</source>
        <translation>Opacité de la superposition</translation>
    </message>
    <message>
        <source>Thumbnail size</source>
        <translation>Taille des vignettes</translation>
    </message>
    <message>
        <source>Recent files kept</source>
        <translation>Fichiers récents conservés</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>Model threads</source>
        <translation>Threads du modèle</translation>
    </message>
    <message>
        <source>Model folders</source>
        <translation>Dossiers de modèles</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA (NVIDIA GPU)</source>
        <translation>CUDA (GPU NVIDIA)</translation>
    </message>
    <message>
        <source>Backbones run on the GPU; the small segmentation head stays on the CPU</source>
        <translation>Les réseaux de base s&apos;exécutent sur le GPU ; la petite tête de segmentation reste sur le CPU</translation>
    </message>
    <message>
        <source>This build of LibTorch has no CUDA or no NVIDIA GPU is present: models run on the CPU, and the window says so</source>
        <translation>Cette version de LibTorch n&apos;a pas CUDA ou aucun GPU NVIDIA n&apos;est présent : les modèles s&apos;exécutent sur le CPU, et la fenêtre l&apos;indique</translation>
    </message>
    <message>
        <source>Compute device</source>
        <translation>Périphérique de calcul</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard and Mouse Shortcuts</source>
        <translation>Raccourcis clavier et souris</translation>
    </message>
    <message>
        <source>Ctrl+O</source>
        <translation>Ctrl+O</translation>
    </message>
    <message>
        <source>Open files</source>
        <translation>Ouvrir des fichiers</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Maj+O</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Ouvrir un dossier</translation>
    </message>
    <message>
        <source>Ctrl+M</source>
        <translation>Ctrl+M</translation>
    </message>
    <message>
        <source>Open label mask</source>
        <translation>Ouvrir un masque</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Export screenshot of the active view</source>
        <translation>Exporter une capture de la vue active</translation>
    </message>
    <message>
        <source>Wheel, Up / Down</source>
        <translation>Molette, flèche haut / bas</translation>
    </message>
    <message>
        <source>Next / previous slice</source>
        <translation>Coupe suivante / précédente</translation>
    </message>
    <message>
        <source>Page Up / Page Down</source>
        <translation>Page préc. / Page suiv.</translation>
    </message>
    <message>
        <source>Jump 10% of the slices</source>
        <translation>Sauter de 10 % des coupes</translation>
    </message>
    <message>
        <source>Home / End</source>
        <translation>Début / Fin</translation>
    </message>
    <message>
        <source>First / last slice</source>
        <translation>Première / dernière coupe</translation>
    </message>
    <message>
        <source>Ctrl+Wheel</source>
        <translation>Ctrl+Molette</translation>
    </message>
    <message>
        <source>Zoom at the mouse cursor</source>
        <translation>Zoomer sous le curseur de la souris</translation>
    </message>
    <message>
        <source>F</source>
        <translation>F</translation>
    </message>
    <message>
        <source>Fit the view to the window</source>
        <translation>Ajuster la vue à la fenêtre</translation>
    </message>
    <message>
        <source>Left click / drag</source>
        <translation>Clic gauche / glisser</translation>
    </message>
    <message>
        <source>Move the linked crosshair</source>
        <translation>Déplacer le réticule lié</translation>
    </message>
    <message>
        <source>Right drag</source>
        <translation>Glisser avec le bouton droit</translation>
    </message>
    <message>
        <source>Window (horizontal) and level (vertical)</source>
        <translation>Largeur de fenêtre (horizontal) et niveau (vertical)</translation>
    </message>
    <message>
        <source>Middle drag</source>
        <translation>Glisser avec le bouton central</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>Déplacer la vue</translation>
    </message>
    <message>
        <source>1 ... 5</source>
        <translation>1 ... 5</translation>
    </message>
    <message>
        <source>Window presets (default, then MRI presets)</source>
        <translation>Préréglages de fenêtrage (par défaut, puis préréglages IRM)</translation>
    </message>
    <message>
        <source>O</source>
        <translation>O</translation>
    </message>
    <message>
        <source>Show / hide the overlay</source>
        <translation>Afficher / masquer la superposition</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Cancel the running job</source>
        <translation>Annuler la tâche en cours</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>This help</source>
        <translation>Cette aide</translation>
    </message>
    <message>
        <source>Key / mouse</source>
        <translation>Touche / souris</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Ctrl+G / Ctrl+Shift+G</source>
        <translation>Ctrl+G / Ctrl+Maj+G</translation>
    </message>
    <message>
        <source>Segment the slice / the series</source>
        <translation>Segmenter la coupe / la série</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
    <message>
        <source>Compare two models</source>
        <translation>Comparer deux modèles</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Maj+E</translation>
    </message>
    <message>
        <source>Feature explorer</source>
        <translation>Explorateur de caractéristiques</translation>
    </message>
    <message>
        <source>Ctrl+Z / Ctrl+Shift+Z</source>
        <translation>Ctrl+Z / Ctrl+Maj+Z</translation>
    </message>
    <message>
        <source>Undo / redo a mask edit</source>
        <translation>Annuler / rétablir une modification du masque</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::SliceView</name>
    <message>
        <source>%1
Open a study (Ctrl+O) or drop files here</source>
        <translation>%1
Ouvrez une étude (Ctrl+O) ou déposez des fichiers ici</translation>
    </message>
    <message>
        <source>%1  %2 / %3
Zoom %4%</source>
        <translation>%1  %2 / %3
Zoom %4%</translation>
    </message>
    <message>
        <source>loading %1 slices...</source>
        <translation>chargement de %1 coupes...</translation>
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
        <translation>(sans nom)</translation>
    </message>
    <message>
        <source>(no date)</source>
        <translation>(sans date)</translation>
    </message>
    <message>
        <source>Study</source>
        <translation>Étude</translation>
    </message>
    <message numerus="yes">
        <source>%1 %2 %3
%n image(s)</source>
        <translation>
            <numerusform>%1 %2 %3
%n image</numerusform>
            <numerusform>%1 %2 %3
%n images</numerusform>
        </translation>
    </message>
    <message>
        <source>Patient / study / series</source>
        <translation>Patient / étude / série</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::SurfaceView</name>
    <message>
        <source>Open a study to see it in 3D.</source>
        <translation>Ouvrez une étude pour la voir en 3D.</translation>
    </message>
    <message>
        <source>Building surfaces...</source>
        <translation>Construction des surfaces...</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::TrainingController</name>
    <message>
        <source>Epoch %1, step %2 / %3: loss %4</source>
        <translation>Époque %1, étape %2 / %3 : perte %4</translation>
    </message>
    <message>
        <source>%1: %2 / %3</source>
        <translation>%1 : %2 / %3</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::TrainingPanel</name>
    <message>
        <source>Start</source>
        <translation>Démarrer</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <source>A snapshot folder of a DINOv2/DINOv3 checkpoint, or random weights for a smoke run</source>
        <translation>Un dossier snapshot d&apos;un checkpoint DINOv2/DINOv3, ou des poids aléatoires pour un run de test rapide</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>all</source>
        <translation>toutes</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Jeu de données</translation>
    </message>
    <message>
        <source>Dataset Folder</source>
        <translation>Dossier du jeu de données</translation>
    </message>
    <message>
        <source>Backbone</source>
        <translation>Réseau de base</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lot</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Époques</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>LR</source>
        <translation>Taux</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Run folder</source>
        <translation>Dossier du run</translation>
    </message>
    <message>
        <source>Run Folder</source>
        <translation>Dossier du run</translation>
    </message>
    <message>
        <source>Ready to train.</source>
        <translation>Prêt pour l&apos;entraînement.</translation>
    </message>
    <message>
        <source>Training: %1</source>
        <translation>Entraînement : %1</translation>
    </message>
    <message>
        <source>Stopping after the current batch...</source>
        <translation>Arrêt après le lot en cours...</translation>
    </message>
    <message>
        <source>Stopped; Resume continues from the last epoch.</source>
        <translation>Arrêté ; Reprendre continue à la dernière époque.</translation>
    </message>
    <message>
        <source>Finished: %1</source>
        <translation>Terminé : %1</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>Échec de l&apos;entraînement : %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>Dataset split scored after every epoch (validation loss and Dice); empty: none</source>
        <translation>Partie du jeu de données évaluée après chaque époque (perte de validation et Dice) ; vide : aucune validation</translation>
    </message>
    <message>
        <source>Validate on the first images of the split only</source>
        <translation>Valider uniquement sur les premières images de la partie</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Validation</translation>
    </message>
</context>
<context>
    <name>dinolens::ui::TrainingPlot</name>
    <message>
        <source>loss</source>
        <translation>perte</translation>
    </message>
    <message>
        <source>loss (steps)</source>
        <translation>perte (étapes)</translation>
    </message>
    <message>
        <source>loss (epochs)</source>
        <translation>perte (époques)</translation>
    </message>
    <message>
        <source>previous run (steps)</source>
        <translation>run précédent (étapes)</translation>
    </message>
    <message>
        <source>previous run (epochs)</source>
        <translation>run précédent (époques)</translation>
    </message>
    <message>
        <source>Dice</source>
        <translation>Dice</translation>
    </message>
    <message>
        <source>Solid: training. Dashed: validation. Faint dotted: the previous run.</source>
        <translation>Trait plein : entraînement. Tirets : validation. Pointillés pâles : le run précédent.</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>perte de validation</translation>
    </message>
    <message>
        <source>previous run (validation)</source>
        <translation>run précédent (validation)</translation>
    </message>
    <message>
        <source>training</source>
        <translation>entraînement</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>validation</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Brain MRI viewer</source>
        <translation>Visionneuse d&apos;IRM cérébrale</translation>
    </message>
    <message>
        <source>Label mask to overlay (NIfTI or .txt).</source>
        <translation>Masque à superposer (NIfTI ou .txt).</translation>
    </message>
    <message>
        <source>Without a display: segment and compare, write screenshots and a report.</source>
        <translation>Sans écran : segmenter, comparer, écrire des captures et un rapport.</translation>
    </message>
    <message>
        <source>Trained run folder (model A).</source>
        <translation>Dossier d&apos;entraînement (modèle A).</translation>
    </message>
    <message>
        <source>Second run folder to compare (model B).</source>
        <translation>Second dossier à comparer (modèle B).</translation>
    </message>
    <message>
        <source>Folders, DICOMDIR, DICOM, NIfTI or image files.</source>
        <translation>Dossiers, DICOMDIR, fichiers DICOM, NIfTI ou images.</translation>
    </message>
</context>
</TS>
