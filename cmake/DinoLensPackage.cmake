# CPack: the Debian package dinolens_<version>-<release>_amd64.deb (packaging/build-deb.sh builds it).
# Library dependencies come from dpkg-shlibdeps; the ones loaded at run time only are listed here.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME dinolens)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The DinoLens developers")
set(CPACK_PACKAGE_CONTACT "The DinoLens developers <dinolens@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "brain MRI viewer with tumour segmentation")
set(CPACK_PACKAGE_DESCRIPTION
  "DinoLens opens brain MRI studies (DICOM folders, DICOMDIR, NIfTI volumes and
images) in three linked views and segments brain tumours (glioma, meningioma,
pituitary) with DINOv2 and DINOv3 vision-transformer backbones and a small
trained head, running on the CPU with LibTorch.

This package holds the viewer (dinolens), the command-line tool
(dinolens-cli), the REST inference server (dinolens-server, with a systemd
unit that is disabled until enabled) and a small demo model.

DinoLens is research software, not a medical device.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE amd64)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded at run time, so dpkg-shlibdeps cannot see them: Qt's platform plugins (xcb, offscreen), OpenBLAS (the
# BLAS LibTorch calls through libblas.so.3, whose kernels the programs select), adduser for the server's user.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, libopenblas0-pthread | libopenblas0, adduser")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${CMAKE_SOURCE_DIR}/packaging/debian/postinst ${CMAKE_SOURCE_DIR}/packaging/debian/prerm
  ${CMAKE_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
