# unshare(1) EXAMPLES, 3: --map-auto maps the user's subordinate ids of /etc/subuid and /etc/subgid too.
# Adapted: the `$` commands run as uid 1000 (setpriv; the machine has a user 1000); the man page's
# /etc/subuid line is bind-mounted over /etc/subuid and /etc/subgid in the driver's own mount namespace
# (the host's files stay as they are); the file is made in /run, the driver's tmpfs; the commands typed
# at the `#` prompt of the shell unshare starts are its `sh -c` string.
# The reference machine, like a fresh Debian 12, has no uidmap package: unshare's helper cannot execute
# newuidmap, unshare exits with its status, and the file is never made (packages/shell/src/man-examples.test.ts
# runs this on a machine with newuidmap and newgidmap, where it prints what the man page shows).
cd /run
echo '1000:100000:65536' > /run/subuid
mount --bind /run/subuid /etc/subuid
mount --bind /run/subuid /etc/subgid
setpriv --reuid=1000 --regid=1000 --clear-groups sh -c 'id -u; cat /etc/subuid'
setpriv --reuid=1000 --regid=1000 --clear-groups unshare --user --map-auto --map-root-user \
        sh -c 'id -u; cat /proc/self/uid_map; touch file; chown 1:1 file; ls -ln --time-style=+ file'
echo $?
setpriv --reuid=1000 --regid=1000 --clear-groups ls -ln --time-style=+ file
