# Sourced (not run) by the scripts that use a pinned tool: installs it once into the tool cache. One copy of
# the install steps, so every tool is cached, skipped and reinstalled the same way.
#
#   source "$ROOT/scripts/lib/tools.sh"
#   pip_tool checkov "checkov" checkov 3.3.30      # sets TOOL_VENV
#   go_tool actionlint actionlint github.com/rhysd/actionlint/cmd/actionlint v1.7.12 "$BIN_DIR"
#
# Without the toolchain a tool needs, each prints one `SKIPPED: <what> (...)` line on stdout and exits the
# calling script with 0, like `make docker-build` without a Docker engine (go_tool fails instead when its caller
# passes `required`: promtool in CI).

TOOLS_CACHE="${EI_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/event-ingestor}"
TOOLS="$TOOLS_CACHE/tools"

# pip_tool <log prefix> <what is skipped> <PyPI package> <version>
# Installs <package>==<version> into the venv $TOOLS/<package>-<version> once and sets TOOL_VENV to it.
pip_tool() {
  local prefix=$1 what=$2 package=$3 version=$4
  TOOL_VENV="$TOOLS/$package-$version"
  [ -f "$TOOL_VENV/.installed" ] && return 0
  if ! command -v python3 >/dev/null 2>&1; then
    echo "SKIPPED: $what (no python3 to install $package $version)"
    exit 0
  fi
  echo "$prefix: installing $package $version into $TOOL_VENV (once)" >&2
  # A venv is not relocatable: built in place, marked complete last, so an interrupted install is redone.
  rm -rf "$TOOL_VENV"
  mkdir -p "$TOOLS"
  python3 -m venv "$TOOL_VENV"
  "$TOOL_VENV/bin/pip" install --quiet --disable-pip-version-check "$package==$version" >&2
  touch "$TOOL_VENV/.installed"
}

# go_tool <log prefix> <binary> <Go package> <version> <bin dir> [required]
# Builds <binary> from <Go package>@<version> into <bin dir> once (from the Go module proxy). With `required`
# as the sixth argument, a missing Go toolchain fails the script instead of skipping it.
go_tool() {
  local prefix=$1 binary=$2 package=$3 version=$4 bin_dir=$5 required=${6:-}
  [ -x "$bin_dir/$binary" ] && return 0
  if ! command -v go >/dev/null 2>&1; then
    if [ "$required" = required ]; then
      echo "$prefix: no Go toolchain to build $binary $version" >&2
      exit 1
    fi
    echo "SKIPPED: $binary (no Go toolchain to build $binary $version)"
    exit 0
  fi
  echo "$prefix: building $version into $bin_dir (once)" >&2
  # Built in a scratch GOBIN and moved into place last: an interrupted build leaves no half binary.
  # GOBIN decides where the binary lands, whatever GOPATH is; -trimpath keeps it reproducible.
  local parent scratch
  parent=$(dirname "$bin_dir")
  mkdir -p "$parent"
  scratch=$(mktemp -d "$parent/.$binary-XXXXXX")
  if ! GOBIN="$scratch" GOFLAGS=-buildvcs=false go install -trimpath "$package@$version" >&2 ||
    ! "$scratch/$binary" --version >/dev/null; then
    rm -rf "$scratch"
    echo "$prefix: building $package@$version failed" >&2
    exit 1
  fi
  rm -rf "$bin_dir"
  mkdir -p "$bin_dir"
  mv "$scratch/$binary" "$bin_dir/$binary"
  rm -rf "$scratch"
}
