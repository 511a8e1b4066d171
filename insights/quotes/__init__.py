"""The app's store: quote requests, presentations, the admin password, the SQL behind them."""
