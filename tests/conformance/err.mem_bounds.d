int a[2]; BEGIN { trace(a[2]); }
