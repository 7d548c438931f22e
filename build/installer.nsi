; NSIS script: a per-user installer for the one-folder build in dist/lcpdesk.
;
; No administrator rights are needed or asked for: lcpdesk goes to
; %LOCALAPPDATA%\Programs\lcpdesk (the user may choose another folder), with a Start-menu
; shortcut and an uninstall entry for the current user only (HKCU). Installing over an older
; version upgrades it in place. The command-line program can be put on the user's PATH
; (an option on the components page, or /PATH on the command line with /S).
; Installing and uninstalling never touch the user's data (%LOCALAPPDATA%\lcpdesk).
;
; Do not call makensis by hand: build/make_installer.py passes the version, publisher, file
; names and folders below from the package and the build.

Unicode true
Target amd64-unicode

!ifndef VERSION | VERSION_QUAD | PUBLISHER | SRCDIR | OUTFILE | APP_EXE | CLI_EXE | ICON
  !error "Run build/make_installer.py, which defines VERSION, PUBLISHER, SRCDIR, OUTFILE, ..."
!endif

!define APP "lcpdesk"
!define APP_KEY "Software\${APP}"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "WordFunc.nsh"
!include "WinMessages.nsh"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "${APP_KEY}" "InstallDir"
!ifdef COMPRESSOR
  SetCompressor ${COMPRESSOR}  ; zlib for CI's quick check of the mechanics
!else
  SetCompressor /SOLID lzma    ; the release: about half the size, minutes to compress
!endif
ShowInstDetails show
ShowUninstDetails show
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION_QUAD}"
VIFileVersion "${VERSION_QUAD}"
VIAddVersionKey "ProductName" "${APP}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "CompanyName" "${PUBLISHER}"
VIAddVersionKey "FileDescription" "${APP} installer (for this user, no admin rights)"
VIAddVersionKey "LegalCopyright" "${PUBLISHER}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_SMALLDESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Start ${APP} now"

!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

; ---------------------------------------------------------------------------- running?

; A running program's file cannot be opened for writing on Windows: that is how lcpdesk is
; found running. Silent: exit code 3. Otherwise the user may close it and retry.
!macro REFUSE_WHILE_RUNNING UN
Function ${UN}RefuseWhileRunning
  ${Do}
    ${IfNot} ${FileExists} "$INSTDIR\${APP_EXE}"
      Return
    ${EndIf}
    ClearErrors
    FileOpen $0 "$INSTDIR\${APP_EXE}" a
    ${IfNot} ${Errors}
      FileClose $0
      Return
    ${EndIf}
    ${If} ${Silent}
      SetErrorLevel 3
      Quit
    ${EndIf}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION \
      "${APP} is running. Close every ${APP} window, then choose Retry." IDRETRY +2
    Quit
  ${Loop}
FunctionEnd
!macroend
!insertmacro REFUSE_WHILE_RUNNING ""
!insertmacro REFUSE_WHILE_RUNNING "un."

; ---------------------------------------------------------------------------- install

Section "${APP} (required)" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; Upgrade in place: a new version must not run modules the previous one left behind.
  RMDir /r "$INSTDIR\_internal"
  File /r "${SRCDIR}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0 \
    SW_SHOWNORMAL "" "Local Care Partnership desk"

  WriteRegStr HKCU "${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE}"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

Section /o "Command-line program on your PATH" SecPath
  ReadRegStr $0 HKCU "Environment" "Path"
  ${WordFind} ";$0;" ";$INSTDIR;" "E+1{" $1
  ${If} ${Errors}
    ${If} $0 == ""
      WriteRegExpandStr HKCU "Environment" "Path" "$INSTDIR"
    ${Else}
      WriteRegExpandStr HKCU "Environment" "Path" "$0;$INSTDIR"
    ${EndIf}
    SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
  ${EndIf}
  WriteRegDWORD HKCU "${APP_KEY}" "OnPath" 1
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecMain} "The ${APP} program, a Start-menu shortcut and an uninstall entry, for you only."
  !insertmacro MUI_DESCRIPTION_TEXT ${SecPath} "Lets you type ${CLI_EXE} in a terminal (for example ${CLI_EXE} table --area Leeds)."
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Function .onInit
  SetShellVarContext current
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/PATH" $1
  ${IfNot} ${Errors}
    SectionGetFlags ${SecPath} $2
    IntOp $2 $2 | ${SF_SELECTED}
    SectionSetFlags ${SecPath} $2
  ${EndIf}
  Call RefuseWhileRunning
FunctionEnd

; ---------------------------------------------------------------------------- uninstall

Function un.onInit
  SetShellVarContext current
  Call un.RefuseWhileRunning
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP}.lnk"
  ; Only what the installer put here: never a folder's other contents, never the user's data.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  ReadRegDWORD $0 HKCU "${APP_KEY}" "OnPath"
  ${If} $0 == 1
    ReadRegStr $0 HKCU "Environment" "Path"
    ${un.WordReplace} ";$0;" ";$INSTDIR;" ";" "+" $1
    StrCpy $1 $1 "" 1   ; drop the ";" added in front
    StrCpy $1 $1 -1     ; and the one added behind
    WriteRegExpandStr HKCU "Environment" "Path" "$1"
    SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
  ${EndIf}

  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "${APP_KEY}"
SectionEnd
