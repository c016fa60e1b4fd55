BEGIN
{
	@["a_key_that_is_longer_than_the_fifty_columns_of_the_field"] = count();
	exit(0);
}
