# unshare(1) EXAMPLES, 8: a time namespace whose boottime clock is set about 9.5 years ahead.
# As in the man page (uptime's smaller units depend on the machine's own uptime: the fixture masks them).
uptime -p             # Show uptime in initial time namespace
unshare --time --fork --boottime 300000000 uptime -p
