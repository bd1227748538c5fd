# setpriv(1): --dump in a new user namespace (a full bounding set on any host), credential changes, and its errors.
unshare -r setpriv --dump
unshare -r setpriv -d -d -d
unshare -r setpriv --no-new-privs --inh-caps +sys_admin,+net_admin --bounding-set -all,+sys_admin,+net_admin setpriv -dd
unshare -r setpriv --inh-caps +sys_admin --ambient-caps +sys_admin,+chown setpriv --dump
unshare -r setpriv --bounding-set -sys_admin --inh-caps +sys_admin true; echo rc=$?
unshare -r setpriv --reuid 5 --regid 5 --clear-groups id; echo rc=$?
unshare -r grep -E '^(Cap|NoNewPrivs)' /proc/self/status
unshare -r setpriv --nnp grep NoNewPrivs /proc/self/status
setpriv --groups 1,2,bin id
setpriv --groups 2,1 setpriv --dump | head -5
setpriv --reuid daemon --regid daemon --clear-groups id
setpriv --reuid 1 --regid 1 --init-groups id
setpriv --init-groups --reuid 1 id
setpriv --euid 1 --egid 2 --keep-groups id
setpriv --reuid 1 --regid 1 --clear-groups setpriv --bounding-set -all setpriv --dump | tail -2
setpriv --reuid 1 --regid 1 --clear-groups grep -E "^(Uid|Gid|Groups|CapEff)" /proc/self/status
setpriv --reuid 1 --keep-groups grep -E "^Cap(Inh|Prm|Eff|Amb)" /proc/self/status
setpriv --groups x true; echo rc=$?
setpriv --clear-groups --keep-groups true; echo rc=$?
setpriv --dump true; echo rc=$?
setpriv --reuid nosuch true; echo rc=$?
setpriv --regid 1 true; echo rc=$?
setpriv; echo rc=$?
setpriv --inh-caps sys_admin true; echo rc=$?
setpriv --inh-caps +nosuch true; echo rc=$?
setpriv --nnp --nnp true; echo rc=$?
setpriv --reuid 1 --ruid 2 true; echo rc=$?
setpriv --init-groups --reuid 4242 true; echo rc=$?
setpriv --init-groups true; echo rc=$?
setpriv --list-caps | head -3
setpriv --list-caps --nnp; echo rc=$?
setpriv nosuch; echo rc=$?
setpriv --reset-env sh -c 'echo $HOME $SHELL $USER $LOGNAME $PATH'
setpriv --reuid 1 --regid 1 --clear-groups --reset-env sh -c 'echo $HOME $SHELL $USER $LOGNAME $PATH'
# --pdeathsig (PR_SET_PDEATHSIG): names with or without SIG, real-time ones by number; a change of ids clears it, keep sets it again.
setpriv --pdeathsig TERM setpriv --dump | tail -1; setpriv --pdeathsig SIGKILL setpriv --dump | tail -1; setpriv --pdeathsig 40 setpriv --dump | tail -1; setpriv --pdeathsig nosuch true; echo rc=$?; setpriv --pdeathsig keep setpriv --dump | tail -1; setpriv --pdeathsig clear setpriv --dump | tail -1; setpriv --pdeathsig TERM --pdeathsig TERM true; setpriv --pdeathsig TERM setpriv --pdeathsig keep setpriv --dump | tail -1; setpriv --pdeathsig RTMIN setpriv --dump | tail -1
setpriv --pdeathsig term setpriv --dump | tail -1; setpriv --pdeathsig sigterm setpriv --dump | tail -1; setpriv --pdeathsig CLD setpriv --dump | tail -1; setpriv --pdeathsig IOT setpriv --dump | tail -1; setpriv --pdeathsig POLL setpriv --dump | tail -1
setpriv --pdeathsig rtmin+2 setpriv --dump | tail -1; setpriv --pdeathsig RTMAX-0 setpriv --dump | tail -1; setpriv --pdeathsig rt3 setpriv --dump | tail -1
setpriv --pdeathsig HUP setpriv --reuid 1 --regid 1 --clear-groups setpriv --dump | tail -1
setpriv --pdeathsig HUP setpriv --reuid 1 --regid 1 --clear-groups --pdeathsig keep setpriv --dump | tail -1
# --securebits (PR_SET_SECUREBITS): noroot keeps root from getting capabilities at exec, locks, and the errors; no LSM runs.
setpriv --apparmor-profile x true; echo rc=$?; setpriv --selinux-label x true; echo rc=$?
unshare -r setpriv --securebits +noroot setpriv --dump | tail -2; unshare -r setpriv --securebits +noroot,+keep_caps_locked grep Cap /proc/self/status; unshare -r setpriv --securebits +noroot_locked,+no_setuid_fixup,+no_setuid_fixup_locked setpriv -d | grep Secure; setpriv --securebits noroot true; echo rc=$?; setpriv --securebits +all true; echo rc=$?; setpriv --securebits -all setpriv -d | grep Secure; setpriv --securebits +keep_caps true; echo rc=$?; setpriv --securebits +bogus true; echo rc=$?; setpriv --reuid 1 --regid 1 --clear-groups setpriv --securebits +noroot true; echo rc=$?; unshare -r setpriv --securebits +noroot_locked setpriv --securebits -noroot_locked true; echo rc=$?
unshare -r setpriv --securebits +keep_caps_locked setpriv --dump | grep Secure
unshare -r setpriv --securebits +keep_caps_locked setpriv --reuid 0 true; echo rc=$?
unshare -r setpriv --securebits +no_setuid_fixup sh -c 'grep CapEff /proc/self/status'
setpriv --securebits +no_setuid_fixup --reuid 1 --regid 1 --clear-groups grep -E 'CapEff|CapPrm' /proc/self/status
