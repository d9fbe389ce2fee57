# Container image for ccaudit: build with the .NET 10 SDK, run on the smaller ASP.NET Core runtime image.
#   docker build -t ccaudit .
#   docker run --rm -v "$PWD:/repo:ro" ccaudit check /repo --fail-on high
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# global.json is left out: it pins the SDK of this repository's CI, the image brings its own .NET 10 SDK.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/ src/
RUN dotnet publish src/CcAudit.Cli/CcAudit.Cli.csproj -c Release -o /app --nologo

# aspnet, not runtime: ccaudit serves OTLP over gRPC (monitor serve), so it needs the ASP.NET Core shared framework.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /repo
COPY --from=build /app /opt/ccaudit
# Runs as the image's unprivileged user: an audit only reads what it is given.
USER $APP_UID
ENTRYPOINT ["dotnet", "/opt/ccaudit/ccaudit.dll"]
CMD ["--help"]
