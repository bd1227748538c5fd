# nsenter(1) 2.38.1: -W/--wdns (a directory opened in the entered mount namespace), -Z without SELinux, --all, and its errors.
unshare -mu sh -c 'hostname inner; mount -t tmpfs tmpfs /tmp; mkdir /tmp/inside; echo x > /tmp/inside/file; cd /tmp/inside; sleep 100' &
sleep 1
p=$!
nsenter -t $p -u hostname
nsenter -t $p -a hostname
nsenter --wdns=/tmp -t $p -m ls
nsenter -W /tmp -t $p -m ls
nsenter -W/tmp -t $p -m ls
nsenter --wdns /tmp -t $p -m hostname; echo rc=$?
nsenter -W /tmp -w /run -t $p -m ls; echo rc=$?
nsenter -W /nosuch -t $p -m ls; echo rc=$?
nsenter -Z -t $p -u hostname
nsenter -Z hostname
nsenter hostname
nsenter -t x hostname; echo rc=$?
nsenter -S x -t $p -u hostname; echo rc=$?
nsenter -S daemon -t $p -u hostname; echo rc=$?
nsenter -m/nosuch hostname; echo rc=$?
nsenter -u hostname; echo rc=$?
nsenter -r hostname; echo rc=$?
nsenter -w hostname; echo rc=$?
nsenter -a hostname; echo rc=$?
nsenter -t $p -u -S 1 -G 1 id
nsenter -t $p -U id; echo rc=$?
nsenter -t 9999 -u true; echo rc=$?
nsenter -W; echo rc=$?
nsenter -t $p -m -r ls /tmp; echo rc=$?
nsenter -t $p -m -w ls; echo rc=$?
nsenter -u/proc/$p/ns/uts -m/proc/$p/ns/mnt -W /tmp ls
unshare -U nsenter -t $p -u hostname; echo rc=$?
kill $p
