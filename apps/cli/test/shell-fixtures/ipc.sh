# ipcmk, ipcs and ipcrm in new IPC namespaces: ids from 0, an id's sequence part after a removal, ipcs's columns (keys, random, cut away).
unshare -i sh -c '
ipcmk -Q; ipcmk -Q; ipcmk -M 4096; ipcmk -S 2; ipcmk -p 600 -Q
ipcs | cut -c12-
ipcrm -q 0
ipcmk -Q
ipcs -q | cut -c12-
ipcrm -q 1; ipcrm -q 1; echo rc=$?
ipcrm -m 0 -s 0
ipcs -m -s | cut -c12-
ipcrm -q 99; echo rc=$?
ipcmk; echo rc=$?
'
unshare -i ipcs -q
unshare -i sh -c 'ipcmk -Q >/dev/null; unshare -i ipcs -q | cut -c12-; ipcs -q | cut -c12-'
