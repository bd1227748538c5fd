# unshare -U and its maps: uid_map, gid_map and setgroups as each option writes them, id inside, unmapped ids as nobody/nogroup.
unshare -U sh -c 'cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups; id'
unshare -r sh -c 'cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups; id'
unshare --map-user=1 --map-group=2 sh -c 'cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups; id'
unshare --map-user=daemon --map-group=bin id
unshare -c id
unshare --map-user=7 id
unshare --map-group=7 id
unshare -r --setgroups allow true; echo rc=$?
unshare -U --setgroups deny cat /proc/self/setgroups
unshare -r --setgroups deny cat /proc/self/setgroups
unshare -U --map-user=0 --setgroups allow sh -c 'cat /proc/self/setgroups /proc/self/uid_map /proc/self/gid_map; id'
unshare --map-user=nosuch true; echo rc=$?
unshare --map-group=nosuch true; echo rc=$?
unshare --setgroups maybe true; echo rc=$?
unshare -r unshare --map-user=5 id; echo rc=$?
unshare -r sh -c 'echo "0 0 1" > /proc/self/uid_map'; echo rc=$?
unshare -U --keep-caps grep -E '^(Uid|Cap(Inh|Prm|Eff|Amb))' /proc/self/status
unshare -U grep -E '^Cap(Inh|Prm|Eff|Amb)' /proc/self/status
unshare -r --keep-caps sh -c 'grep CapAmb /proc/self/status; setpriv --dump | grep Ambient'
unshare --keep-caps grep CapAmb /proc/self/status
unshare --map-users=1,2 true; echo rc=$?
unshare --map-users=a,2,3 true; echo rc=$?
unshare --map-groups=1,2,3,4 true; echo rc=$?
unshare --map-users=auto true; echo rc=$?
unshare --map-groups=auto true; echo rc=$?
