# Install rules (GNU layout; the Debian package uses the prefix /usr):
#   bin/dinolens, dinolens-cli, dinolens-server
#   libexec/dinolens/dinolens-cli-core, dinolens-cli-full  the programs dinolens-cli hands commands to
#   lib/<multiarch>/dinolens/libdinolens_image_codecs.so    OpenCV's image codecs, loaded on demand (core)
#   lib/<multiarch>/dinolens/libdinolens_engine.so          the model engine with LibTorch, loaded by the viewer
#                                                          on its first model (inference/engine_module.h)
#   share/dinolens/models/{demo,architectures,datalists}   found by the installed programs (model_folders.cpp)
#   share/applications, share/metainfo, share/icons/hicolor  desktop integration
#   share/man/man1, share/doc/dinolens                       man pages (help2man), copyright, changelog
#   <systemd system unit dir>/dinolens-server.service        disabled until the administrator enables it
# With DINOLENS_PACKAGE=ON the build also renders the PNG icons (rsvg-convert) and the man pages (help2man, which
# runs each program's --help and --version), so those tools are needed then.
include(GNUInstallDirs)

option(DINOLENS_PACKAGE "Build the man pages and PNG icons the package installs (needs help2man, rsvg-convert)" OFF)
set(DINOLENS_APP_ID io.github.dinolens.DinoLens)
set(dinolens_linux ${CMAKE_SOURCE_DIR}/packaging/linux)
set(dinolens_debian ${CMAKE_SOURCE_DIR}/packaging/debian)

foreach(program dinolens dinolens-cli dinolens-server)
  if(TARGET ${program})
    install(TARGETS ${program} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endforeach()
foreach(module dinolens_image_codecs dinolens_engine)
  if(TARGET ${module})
    # Loaded with dlopen, never run: no execute bit (Debian policy 8.1).
    install(TARGETS ${module} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/dinolens
      PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
  endif()
endforeach()
foreach(program dinolens-cli-core dinolens-cli-full)
  if(TARGET ${program})
    install(TARGETS ${program} RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/dinolens)
  endif()
endforeach()

if(DINOLENS_BUILD_INFERENCE)
  install(DIRECTORY ${CMAKE_SOURCE_DIR}/models/demo ${CMAKE_SOURCE_DIR}/models/architectures
    ${CMAKE_SOURCE_DIR}/models/datalists DESTINATION ${CMAKE_INSTALL_DATADIR}/dinolens/models)
  install(FILES ${CMAKE_SOURCE_DIR}/models/README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/dinolens/models)
endif()
if(TARGET dinolens-server)
  # The server's systemd unit, where this system keeps them (Debian 12: /lib/systemd/system).
  find_package(PkgConfig QUIET)
  if(PKG_CONFIG_FOUND)
    pkg_get_variable(DINOLENS_SYSTEMD_UNIT_DIR systemd systemdsystemunitdir)
  endif()
  if(NOT DINOLENS_SYSTEMD_UNIT_DIR)
    set(DINOLENS_SYSTEMD_UNIT_DIR /lib/systemd/system)
  endif()
  install(FILES ${dinolens_linux}/dinolens-server.service DESTINATION ${DINOLENS_SYSTEMD_UNIT_DIR})
endif()

if(TARGET dinolens)
  install(FILES ${dinolens_linux}/${DINOLENS_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${dinolens_linux}/${DINOLENS_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
  install(FILES ${dinolens_linux}/${DINOLENS_APP_ID}.svg
    DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
endif()

install(FILES ${dinolens_debian}/copyright DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/dinolens)

if(DINOLENS_PACKAGE)
  find_program(DINOLENS_RSVG_CONVERT rsvg-convert REQUIRED)
  find_program(DINOLENS_HELP2MAN help2man REQUIRED)
  find_program(DINOLENS_GZIP gzip REQUIRED)
  set(generated ${CMAKE_BINARY_DIR}/package)
  set(package_outputs "")

  # changelog.Debian.gz (gzip -n: no time stamp, so the package is reproducible)
  add_custom_command(OUTPUT ${generated}/changelog.Debian.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${generated}
    COMMAND ${DINOLENS_GZIP} -9nc ${dinolens_debian}/changelog > ${generated}/changelog.Debian.gz
    DEPENDS ${dinolens_debian}/changelog VERBATIM)
  list(APPEND package_outputs ${generated}/changelog.Debian.gz)
  install(FILES ${generated}/changelog.Debian.gz DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/dinolens)

  if(TARGET dinolens)
    foreach(size 16 22 24 32 48 64 128 256 512)
      set(png ${generated}/icons/${size}x${size}/${DINOLENS_APP_ID}.png)
      add_custom_command(OUTPUT ${png}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${generated}/icons/${size}x${size}
        COMMAND ${DINOLENS_RSVG_CONVERT} -w ${size} -h ${size} -o ${png} ${dinolens_linux}/${DINOLENS_APP_ID}.svg
        DEPENDS ${dinolens_linux}/${DINOLENS_APP_ID}.svg VERBATIM)
      list(APPEND package_outputs ${png})
      install(FILES ${png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
    endforeach()
  endif()

  # Man pages from each program's --help and --version, with the sections in packaging/man/<program>.h2m.
  foreach(program dinolens dinolens-cli dinolens-server)
    if(TARGET ${program})
      set(page ${generated}/man/${program}.1)
      add_custom_command(OUTPUT ${page}.gz
        COMMAND ${CMAKE_COMMAND} -E make_directory ${generated}/man
        COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen DINOLENS_BLAS_AUTO=0
          ${DINOLENS_HELP2MAN} --no-info --no-discard-stderr --section=1
          --include=${CMAKE_SOURCE_DIR}/packaging/man/${program}.h2m --output=${page} $<TARGET_FILE:${program}>
        COMMAND ${DINOLENS_GZIP} -9nf ${page}
        DEPENDS ${program} ${CMAKE_SOURCE_DIR}/packaging/man/${program}.h2m VERBATIM)
      list(APPEND package_outputs ${page}.gz)
      install(FILES ${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
    endif()
  endforeach()
  add_custom_target(dinolens_package_files ALL DEPENDS ${package_outputs})
endif()

include(${CMAKE_CURRENT_LIST_DIR}/DinoLensPackage.cmake)
