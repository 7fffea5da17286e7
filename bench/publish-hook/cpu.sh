# Sourced by run.sh and variants.sh: the CPU a wrk slice took, from /proc. Needs $api_pid and $redis_pid.
# ticks: CPU used so far, in clock ticks: the whole machine (every core), the Api, redis-server.
ticks() { echo "$(awk '/^cpu / {print $2+$3+$4+$7+$8+$9}' /proc/stat) $(awk '{print $14+$15}' "/proc/$api_pid/stat") $(awk '{print $14+$15}' "/proc/$redis_pid/stat")"; }
# measured <wrk command...>: the slice's wrk summary line and the CPU it took (called in a subshell, $(...)).
measured() {
  local m0 a0 r0 m1 a1 r1 line w0 w1 stat
  read -r m0 a0 r0 <<<"$(ticks)"
  # wrk's own CPU: what this subshell's reaped children used (fields 16 and 17 of its /proc stat).
  read -ra stat <"/proc/$BASHPID/stat"
  w0=$(( stat[15] + stat[16] ))
  line=$("$@" | tail -1)
  read -ra stat <"/proc/$BASHPID/stat"
  w1=$(( stat[15] + stat[16] ))
  read -r m1 a1 r1 <<<"$(ticks)"
  echo "$line machine_ticks=$(( m1 - m0 )) api_ticks=$(( a1 - a0 )) redis_ticks=$(( r1 - r0 )) wrk_ticks=$(( w1 - w0 ))"
}
