<?cs if:subcount(Errors) > 0 ?>
<div class="errors" role="alert">
  <p><?cs var:Lang.form.errors ?></p>
  <ul><?cs each:e = Errors ?><li><?cs var:e ?></li><?cs /each ?></ul>
</div>
<?cs /if ?>
