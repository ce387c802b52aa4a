# The options the bench scripts share, sourced (from the repository root) before they read their arguments:
#   while [ $# -gt 0 ]; do
#     if bench_option "$@"; then shift "$consumed"; continue; fi
#     case "$1" in --their-own) ... ;; *) echo "unknown option $1" >&2; exit 2 ;; esac
#     shift
#   done
# A script takes a shared option only when it set the option's variable (its default) before the loop.

# bench_option OPTION [VALUE]: sets the variable of one shared option the script takes, and $consumed (the words it
# took); fails for any other option
bench_option() {
  local var value
  case "$1" in
    --keys | --users | --duration | --rounds | --warmup | --connections | --threads) var=${1#--} value=${2:-} consumed=2 ;;
    --embedded) var=store value=embedded consumed=1 ;;
    --postgresql) var=store value=postgresql consumed=1 ;;
    --build) var=build value=1 consumed=1 ;;
    *) return 1 ;;
  esac
  [ -n "${!var+x}" ] || return 1
  if [ "$consumed" = 2 ] && [ $# -lt 2 ]; then
    echo "option $1 needs a value" >&2
    exit 2
  fi
  printf -v "$var" '%s' "$value"
}
