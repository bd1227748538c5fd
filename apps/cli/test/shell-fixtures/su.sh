# su(1) of util-linux: root becomes anyone without a password; the shell, the groups, the environment it sets; and its errors.
mount -t tmpfs tmpfs /var/log 2>/dev/null
su nobody -s /bin/sh -c 'id; echo $HOME $SHELL $USER $LOGNAME'
su daemon -s /bin/sh -c 'id -u; id -G'
su -g daemon root -c id
su -G bin -g daemon root -c id
su -G bin root -c id
su -g daemon nobody -s /bin/sh -c id
su root -c 'echo $0 $1 $2' a b c
su - root -c 'echo $0 $HOME $USER $LOGNAME $SHELL'
su -l root -c 'ls -d ~'
su -f root -c 'echo $0'
su -s /bin/sh -c 'echo $0' root
su -p nobody -s /bin/sh -c 'echo $HOME $USER'
su -l nobody -s /bin/sh -c 'echo $HOME $USER $LOGNAME $SHELL $PATH'
su -m - root -c true; echo rc=$?
su -p -w PATH root -c true; echo rc=$?
su nosuch; echo rc=$?
su nobody -c id; echo rc=$?
su -g nosuch root; echo rc=$?
su -s /nonexistent root; echo rc=$?
su root -c 'exit 7'; echo rc=$?
setpriv --reuid 1 --regid 1 --clear-groups su root -c true < /dev/null; echo rc=$?
setpriv --reuid 1 --regid 1 --clear-groups su -g root; echo rc=$?
setpriv --reuid 1 --regid 1 --clear-groups su - nobody < /dev/null; echo rc=$?
unshare -r su nobody -s /bin/sh -c id; echo rc=$?
unshare -r su root -c id; echo rc=$?
su --bogus; echo rc=$?
