# unshare(1) EXAMPLES, 2: as an unprivileged user, a user namespace where the user's ids are root's.
# Adapted: the `$` commands run as uid 1000 (setpriv), and the man page's doubled quotes (''...'', a
# typesetting artifact) are single ones.
setpriv --reuid=1000 --regid=1000 --clear-groups sh -c 'id -u; id -g'
setpriv --reuid=1000 --regid=1000 --clear-groups unshare --user --map-root-user \
        sh -c 'whoami; cat /proc/self/uid_map /proc/self/gid_map'
