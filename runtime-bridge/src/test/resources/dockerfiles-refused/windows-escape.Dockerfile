# escape=`

FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN powershell -Command `
    Write-Host "hello"; `
    Write-Host "world"
WORKDIR C:\app
COPY . C:\app\
CMD ["cmd", "/S", "/C", "echo ready"]
