"""What every Vigie program shares: settings, database, SQL, migrations, errors, logs."""
