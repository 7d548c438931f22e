; Inno Setup 6 script: a per-user installer for the one-folder build in dist\lcpdesk.
; No administrator rights are needed or asked for: lcpdesk goes to
; %LOCALAPPDATA%\Programs\lcpdesk with a Start-menu shortcut for the current user only.
;
;   iscc build\installer.iss                      (version read from dist\lcpdesk\lcpdesk.exe)
;   iscc /DAppVersion=0.1.0 build\installer.iss   (or given explicitly)
;
; Output: dist\installer\lcpdesk-<version>-setup.exe. See build\README.md for the release steps.
; The user's data (%LOCALAPPDATA%\lcpdesk) is never touched by installing or uninstalling.

#define AppName "lcpdesk"
#define AppExe "lcpdesk.exe"
#define BuildDir "..\dist\lcpdesk"
#ifndef AppVersion
  #define AppVersion GetVersionNumbersString(AddBackslash(SourcePath) + BuildDir + "\" + AppExe)
#endif

[Setup]
; Keep AppId for ever: it is how a new version finds and replaces the old one.
AppId={{6F0B8C4E-2A57-4E0C-9B1D-7C3E5A1F8D42}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=lcpdesk
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
DefaultDirName={localappdata}\Programs\lcpdesk
DisableDirPage=yes
DisableProgramGroupPage=yes
DefaultGroupName={#AppName}
UsedUserAreasWarning=no
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist\installer
OutputBaseFilename=lcpdesk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; Everything PyInstaller collected, replacing the previous version's files.
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; A new version must not run old modules left behind by the previous one.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{userprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Local Care Partnership desk"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
