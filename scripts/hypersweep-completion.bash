# Tab completion of hypersweep's commands and options in bash. Load it from ~/.bashrc:
#
#     source /path/to/hypersweep/scripts/hypersweep-completion.bash
#
# It asks hypersweep itself what fits where the cursor is (System.CommandLine's [suggest] directive), so it always
# knows the commands and options of the hypersweep on PATH.
_hypersweep_complete() {
  local line="${COMP_LINE#"${COMP_WORDS[0]}"}"
  line="${line# }"
  local position=$(( COMP_POINT - ${#COMP_LINE} + ${#line} ))
  local IFS=$'\n'
  local candidates
  candidates="$("${COMP_WORDS[0]}" "[suggest:${position}]" "${line}" 2>/dev/null)" || return 0
  COMPREPLY=( $(compgen -W "${candidates}" -- "${COMP_WORDS[COMP_CWORD]}") )
}
complete -o default -F _hypersweep_complete hypersweep
