; Inno Setup 6 script: a per-user Windows installer for the folder packaging/build.py makes
; (dist\billing-assistant). It needs no administrator rights: it installs into
; %LOCALAPPDATA%\Programs\Billing Assistant, adds a Start-menu entry for the current user and
; an uninstaller (Settings > Apps). The user's data folder (%LOCALAPPDATA%\billing-assistant:
; reference database, imports, workspace) is theirs and stays on uninstall.
;
; Build (packaging/README.md has every step, signing included):
;   iscc /DAppVersion=0.1.0 packaging\billing-assistant.iss
;   iscc /DAppVersion=0.1.0 /DSIGN "/Ssigntool=signtool.exe sign /fd sha256 /tr http://timestamp.digicert.com /td sha256 /a $f" packaging\billing-assistant.iss

#define AppName "Billing Assistant"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppExe "billing-assistant-gui.exe"

[Setup]
AppId={{6A248921-5AFC-4098-B623-1572609E10DC}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
; per user, never elevated: {autopf} is then %LOCALAPPDATA%\Programs
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=billing-assistant-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
#ifdef SIGN
; the "signtool" tool is defined on the iscc command line (/Ssigntool=...)
SignTool=signtool
SignedUninstaller=yes
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; an upgrade replaces the whole bundle: no file of the previous version is left to be loaded
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\billing-assistant\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
